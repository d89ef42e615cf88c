// The numbers of training: L2-regularised logistic regression fitted by iteratively reweighted least
// squares (Newton's method, exact to convergence), and the metrics a model is judged by. Pure
// functions over arrays, so that they are tested on hand-worked examples.
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export interface Fit {
  intercept: number;
  coefficients: number[];
  iterations: number;
}

export class FitError extends Error {}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** The negative log-likelihood plus (lambda / 2)·|b|², computed stably from the logits. */
function objective(x: number[][], y: number[], beta: number[], lambda: number): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    let eta = beta[0];
    for (let j = 0; j < x[i].length; j++) eta += beta[j + 1] * x[i][j];
    // log(1 + e^eta) - y·eta
    total += (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - y[i] * eta;
  }
  for (let j = 1; j < beta.length; j++) total += (lambda / 2) * beta[j] * beta[j];
  return total;
}

/**
 * Fits P(y = 1 | x) = sigmoid(b0 + b·x) minimising the negative log-likelihood plus (lambda / 2)·|b|²
 * (the intercept is not penalised). `x` rows are already standardised.
 */
export function fitLogistic(x: number[][], y: number[], lambda: number, maxIterations = 50, tolerance = 1e-9): Fit {
  const n = x.length;
  const p = n > 0 ? x[0].length : 0;
  if (n === 0) throw new FitError('no training rows');
  let beta = new Array(p + 1).fill(0);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  if (mean <= 0 || mean >= 1) throw new FitError('the labels are all the same: nothing to learn');
  beta[0] = Math.log(mean / (1 - mean));
  for (let it = 1; it <= maxIterations; it++) {
    const h = Matrix.zeros(p + 1, p + 1);
    const g = new Array(p + 1).fill(0);
    for (let i = 0; i < n; i++) {
      const row = x[i];
      let eta = beta[0];
      for (let j = 0; j < p; j++) eta += beta[j + 1] * row[j];
      const mu = sigmoid(eta);
      const w = Math.max(mu * (1 - mu), 1e-12);
      const r = y[i] - mu;
      // Gradient of the log-likelihood and the Hessian's X'WX, with x0 = 1 for the intercept.
      g[0] += r;
      h.set(0, 0, h.get(0, 0) + w);
      for (let j = 0; j < p; j++) {
        const xj = row[j];
        g[j + 1] += r * xj;
        h.set(0, j + 1, h.get(0, j + 1) + w * xj);
        for (let k = j; k < p; k++) h.set(j + 1, k + 1, h.get(j + 1, k + 1) + w * xj * row[k]);
      }
    }
    for (let j = 0; j <= p; j++) for (let k = 0; k < j; k++) h.set(j, k, h.get(k, j));
    for (let j = 1; j <= p; j++) {
      h.set(j, j, h.get(j, j) + lambda);
      g[j] -= lambda * beta[j];
    }
    const chol = new CholeskyDecomposition(h);
    if (!chol.isPositiveDefinite()) throw new FitError('the features are collinear: add regularisation or drop a feature');
    let step = chol.solve(Matrix.columnVector(g)).to1DArray();
    // Newton's full step can overshoot far from the optimum (an outlying value, near-separation) and
    // cycle; halving it until the penalised objective does not rise keeps every step a descent.
    const before = objective(x, y, beta, lambda);
    for (let halvings = 0; halvings < 30 && !(objective(x, y, beta.map((b, j) => b + step[j]), lambda) <= before); halvings++) {
      step = step.map((v) => v / 2);
    }
    beta = beta.map((b, j) => b + step[j]);
    if (!beta.every(Number.isFinite)) throw new FitError('the fit diverged: add regularisation');
    if (Math.max(...step.map(Math.abs)) < tolerance) return { intercept: beta[0], coefficients: beta.slice(1), iterations: it };
  }
  throw new FitError(`no convergence in ${maxIterations} iterations: add regularisation`);
}

/** Area under the ROC curve by the rank statistic (Mann-Whitney U), ties counted as half. */
export function auc(scores: number[], labels: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tie group, ranks from 1
    for (let k = i; k <= j; k++) ranks[idx[k]] = rank;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (l === 1) {
      pos++;
      rankSum += ranks[i];
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Metrics {
  holdoutAuc: number;
  brier: number;
  calibration: { decile: number; count: number; predicted: number; observed: number }[];
  calibrationError: number;
  topDecileLift: number;
}

/** AUC, Brier score, calibration by decile of predicted score (and its count-weighted error), top-decile lift. */
export function metricsOf(predicted: number[], labels: number[]): Metrics {
  const n = predicted.length;
  const order = predicted.map((_, i) => i).sort((a, b) => predicted[a] - predicted[b]);
  const calibration = Array.from({ length: 10 }, (_, d) => ({ decile: d + 1, count: 0, predicted: 0, observed: 0 }));
  order.forEach((i, rank) => {
    const c = calibration[Math.min(9, Math.floor((rank * 10) / n))];
    c.count++;
    c.predicted += predicted[i];
    c.observed += labels[i];
  });
  for (const c of calibration) {
    if (c.count > 0) {
      c.predicted /= c.count;
      c.observed /= c.count;
    }
  }
  const base = labels.reduce((s, v) => s + v, 0) / n;
  const top = calibration[9];
  return {
    holdoutAuc: auc(predicted, labels),
    brier: predicted.reduce((s, p, i) => s + (p - labels[i]) ** 2, 0) / n,
    calibration,
    calibrationError: calibration.reduce((s, c) => s + (c.count / n) * Math.abs(c.predicted - c.observed), 0),
    topDecileLift: base > 0 ? top.observed / base : 0,
  };
}

export { sigmoid };

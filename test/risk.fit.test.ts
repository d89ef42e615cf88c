// The numbers of training on hand-worked examples: AUC by the rank statistic, the metrics, and a fit
// that recovers the coefficients of a known process.
import { auc, fitLogistic, FitError, metricsOf } from '../src/modules/risk/risk.fit';

it('AUC counts the pairs a positive outranks a negative, ties as half', () => {
  // Positives 0.8, 0.4; negatives 0.6, 0.4, 0.1. Pairs: (0.8 > all three) = 3; (0.4 vs 0.6) = 0,
  // (0.4 vs 0.4) = 0.5, (0.4 vs 0.1) = 1. AUC = 4.5 / 6 = 0.75.
  expect(auc([0.8, 0.6, 0.4, 0.4, 0.1], [1, 0, 1, 0, 0])).toBeCloseTo(0.75, 15);
  expect(auc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1])).toBe(1);
  expect(auc([0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0])).toBe(0);
  expect(auc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
  expect(auc([0.5, 0.5], [1, 1])).toBeNaN();
});

it('Brier, calibration by decile and top-decile lift of a hand-made set', () => {
  // Twenty customers: the ten with predicted 0.1 have one exit, the ten with predicted 0.6 have six.
  const predicted = [...Array(10).fill(0.1), ...Array(10).fill(0.6)];
  const labels = [1, ...Array(9).fill(0), ...Array(6).fill(1), ...Array(4).fill(0)];
  const m = metricsOf(predicted, labels);
  expect(m.brier).toBeCloseTo((0.81 + 9 * 0.01 + 6 * 0.16 + 4 * 0.36) / 20, 12);
  expect(m.calibration.map((c) => c.count)).toEqual(Array(10).fill(2));
  expect(m.calibration.reduce((s, c) => s + c.observed * c.count, 0)).toBe(7);
  expect(m.topDecileLift).toBeCloseTo(m.calibration[9].observed / 0.35, 12);
});

it('IRLS recovers a known logistic process, and L2 shrinks the coefficients', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const gauss = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const row = [gauss(), gauss()];
    const p = 1 / (1 + Math.exp(-(-1 + 1.5 * row[0] - 0.7 * row[1])));
    x.push(row);
    y.push(rand() < p ? 1 : 0);
  }
  const fit = fitLogistic(x, y, 0);
  expect(fit.intercept).toBeCloseTo(-1, 1);
  expect(fit.coefficients[0]).toBeCloseTo(1.5, 1);
  expect(fit.coefficients[1]).toBeCloseTo(-0.7, 1);
  const shrunk = fitLogistic(x, y, 5000);
  expect(Math.abs(shrunk.coefficients[0])).toBeLessThan(Math.abs(fit.coefficients[0]));
  expect(() => fitLogistic(x, y.map(() => 0), 1)).toThrow(FitError);
});

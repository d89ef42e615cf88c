// The shape of a model's numbers, shared by the entity, scoring, training and the default model.

/** How a feature's value becomes a model input. */
export type FeatureTransform = 'STANDARDISE';

/** How a reason shows the feature's value: a relative change in percent, a plain number, yes/no. */
export type ValueFormat = 'PERCENT' | 'NUMBER' | 'YES_NO';

export interface ModelFeature {
  /** The customer attribute's name ("customers.transactionsVsBaseline"). */
  name: string;
  transform: FeatureTransform;
  /** Standardisation: z = (value - mean) / sd; a missing value counts as the mean (z = 0). */
  mean: number;
  sd: number;
  /** The coefficient on z in the logit. */
  coefficient: number;
  format: ValueFormat;
  /** What the feature is, in the words of a reason ("transactions against own 6-month baseline"). */
  labelEn: string;
  labelZh: string;
}

/** Score thresholds of the bands: a score at or above `critical` is CRITICAL, and so on down to LOW. */
export interface BandThresholds {
  medium: number;
  high: number;
  critical: number;
}

export interface ModelMetrics {
  holdoutAuc: number;
  brier: number;
  /** Mean predicted against observed rate, per decile of predicted score (lowest first). */
  calibration: { decile: number; count: number; predicted: number; observed: number }[];
  /** The largest gap between predicted and observed over the deciles, weighted by count. */
  calibrationError: number;
  topDecileLift: number;
}

export enum RiskBand {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export function bandOf(score: number, t: BandThresholds): RiskBand {
  if (score >= t.critical) return RiskBand.CRITICAL;
  if (score >= t.high) return RiskBand.HIGH;
  if (score >= t.medium) return RiskBand.MEDIUM;
  return RiskBand.LOW;
}

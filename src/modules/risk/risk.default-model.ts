// The model a new installation scores with from day one, before the bank has trained its own: a
// logistic regression over the customers module's behaviour features only, with coefficients chosen
// by hand from what retention teams commonly see rather than fitted to this bank's history.
//
// Each feature is standardised with a typical mean and spread, so that a coefficient reads as "log-odds
// per typical deviation". The signs follow the churn process every bank knows: customers drift away
// (inactivity, fewer transactions than their own baseline, a draining balance, fewer logins), move their
// salary elsewhere and close products before they leave; long tenure and many products hold them.
// The intercept puts a customer with typical values at about 5% (logit -2.9), the yearly exit rate of a
// retail bank. Age enters only as a band and with a small weight.
import type { BandThresholds, ModelFeature } from './risk.model-spec';

export const DEFAULT_MODEL_VERSION = 1;

export const DEFAULT_MODEL_DESCRIPTION =
  'Default model shipped with Keel: logistic regression on standardised customers-module features, coefficients set by hand '
  + '(not trained on this bank\'s data). Age is used only as an age band.';

export const DEFAULT_INTERCEPT = -2.9;

export const DEFAULT_BANDS: BandThresholds = { medium: 0.1, high: 0.25, critical: 0.5 };

export const DEFAULT_HORIZON_MONTHS = 6;

const f = (
  name: string, mean: number, sd: number, coefficient: number, format: ModelFeature['format'], labelEn: string, labelZh: string,
): ModelFeature => ({ name, transform: 'STANDARDISE', mean, sd, coefficient, format, labelEn, labelZh });

export const DEFAULT_FEATURES: ModelFeature[] = [
  f('customers.monthsSinceLastActivity', 0.5, 1.5, 0.55, 'NUMBER', 'months since last activity', '距上次活跃的月数'),
  f('customers.transactionsVsBaseline', 0, 0.4, -0.45, 'PERCENT', 'transactions against own 6-month baseline', '交易笔数相对本人6个月基线'),
  f('customers.balanceTrend3m', 0, 0.3, -0.4, 'PERCENT', 'average balance over 3 months', '近3个月平均余额变化'),
  f('customers.balanceTrend6m', 0, 0.35, -0.2, 'PERCENT', 'average balance over 6 months', '近6个月平均余额变化'),
  f('customers.digitalLoginsTrend', 0, 0.5, -0.25, 'PERCENT', 'digital logins over 3 months', '近3个月数字渠道登录变化'),
  f('customers.salaryStopped', 0.05, 0.22, 0.45, 'YES_NO', 'salary stopped', '工资停止入账'),
  f('customers.salaryCredited', 0.6, 0.49, -0.2, 'YES_NO', 'salary credited last month', '上月有工资入账'),
  f('customers.productsChange6m', 0, 0.6, -0.3, 'NUMBER', 'change in products held over 6 months', '6个月内持有产品数变化'),
  f('customers.productsClosed90d', 0.05, 0.25, 0.35, 'NUMBER', 'products closed in 90 days', '90天内关闭的产品数'),
  f('customers.productsHeld', 2.5, 1.3, -0.25, 'NUMBER', 'products held', '持有产品数'),
  f('customers.tenureMonths', 60, 45, -0.2, 'NUMBER', 'months with the bank', '在本行的月数'),
  f('customers.ageBand', 2, 1.2, -0.05, 'NUMBER', 'age band', '年龄段'),
];

// The second default model: the first one's features and numbers, with what customers say and do about
// the bank beside their behaviour (complaints, a detractor's NPS answer, a complaint left unresolved, a
// retention offer declined), so that a complaint recorded for a customer moves their score under the model
// a new installation has. Shipped by its own migration; the first stays as it was (models are immutable).
export const DEFAULT_MODEL_V2_ID = '7a1e0000-0000-4000-8000-000000000002';

export const DEFAULT_MODEL_V2_DESCRIPTION =
  'Default model shipped with Keel (second version): logistic regression on standardised features of customers, feedback and loyalty, '
  + 'coefficients set by hand (not trained on this bank\'s data). Age is used only as an age band.';

export const DEFAULT_FEATURES_V2: ModelFeature[] = [
  ...DEFAULT_FEATURES,
  // One complaint in 90 days: +0.79 on the logit; a detractor's answer: +0.6; a month unresolved: +0.4.
  f('feedback.complaints90d', 0.05, 0.3, 0.25, 'NUMBER', 'complaints in 90 days', '90天内投诉次数'),
  f('feedback.detractor', 0.1, 0.3, 0.2, 'YES_NO', 'latest NPS answer a detractor (0-6)', '最近一次NPS评分为贬损者(0-6)'),
  f('feedback.unresolvedComplaintAgeDays', 0, 15, 0.2, 'NUMBER', 'days the oldest open complaint has waited', '最早未解决投诉已等待天数'),
  // One retention offer declined in 90 days: +0.57.
  f('loyalty.offersDeclined90d', 0.05, 0.25, 0.15, 'NUMBER', 'retention offers declined in 90 days', '90天内拒绝的挽留优惠数'),
];

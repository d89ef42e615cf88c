// Read SQL for scores and models, returning plain objects shaped like the GraphQL types.
import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { anyOf } from '../../db/sql';
import { type Context, reader } from '../../graphql/context';
import { levelRows } from '../../graphql/level-reads';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import type { ModelFeature, RiskBand } from './risk.model-spec';
import { factorsOf, type WordedFactor } from './risk.reasons';
import { ofVisibleCustomers } from '../customers/public';
import { riskCapabilities } from './permissions';
import type { RiskAlertView, RiskModelView, RiskScoreView } from './risk.type';

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/** Factors, largest contribution by size first. */
function byContribution(factors: WordedFactor[]): WordedFactor[] {
  return factors.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

/**
 * The features (names, labels, formats) of the models that scored, by model id. A model's features never
 * change once it has scored (only a model in TRAINING gets them), so they are kept for the process; at
 * most MAX_MODELS, the oldest forgotten first.
 */
const modelFeatures = new Map<string, ModelFeature[]>();
const MAX_MODELS = 64;

/**
 * A column for a read of scores (`alias` a score row): the features of the score's model when this process
 * does not know them yet, null otherwise. The first read of a model's scores brings its words along in the
 * same statement, so a read costs the same number of statements whether the model is known or not.
 */
function modelFeaturesColumn(knex: Knex, alias: string): Knex.Raw {
  return knex.raw(`case when not (${alias}.model_id = any(?::uuid[])) then (select m.features from risk_model m where m.id = ${alias}.model_id) end as model_features`, [
    [...modelFeatures.keys()],
  ]);
}

/** Keeps the model features that came with the rows. */
function rememberModelFeatures(rows: { model_id: string | null; model_features?: ModelFeature[] | null }[]): void {
  for (const r of rows) {
    if (!r.model_id || !r.model_features || modelFeatures.has(r.model_id)) continue;
    if (modelFeatures.size >= MAX_MODELS) modelFeatures.delete(modelFeatures.keys().next().value as string);
    modelFeatures.set(r.model_id, r.model_features);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toScore(r: any, key: string, triggeredBy: string): RiskScoreView {
  const features = r.model_id ? modelFeatures.get(r.model_id) : undefined;
  return {
    key,
    id: toGlobalId('RiskScore', key),
    score: Number(r.score),
    band: r.band as RiskBand,
    logit: r.logit === null ? null : Number(r.logit),
    modelVersion: r.model_version ?? null,
    source: r.source ?? 'MODEL',
    factors: byContribution(factorsOf(features, r.feature_values, r.contributions)),
    triggeredBy,
    computedAt: toDate(r.computed_at),
  };
}

const CURRENT = {};

/** A score row's columns, named (a star could not be prepared, see src/db/prepared.ts). */
const SCORE_COLUMNS = ['s.id', 's.customer_id', 's.model_id', 's.model_version', 's.source', 's.score', 's.band', 's.logit', 's.feature_values', 's.contributions', 's.triggered_by', 's.computed_at'];

/** The active model's current score of customers, one statement per request level. */
export function currentScoreLoader(ctx: Context): DataLoader<string, RiskScoreView | null> {
  return ctx.memo(CURRENT, () => new DataLoader(async (keys: readonly string[]) => {
    const knex = reader(ctx);
    const q = knex('risk_current_score as r')
      .select('r.customer_id', 'r.score_id', 'r.model_id', 'r.model_version', 'r.score', 'r.band', 'r.logit', 'r.feature_values', 'r.contributions', 'r.computed_at')
      .select(modelFeaturesColumn(knex, 'r'))
      .whereRaw(...anyOf('r.customer_id', 'uuid', keys));
    const rows = await levelRows<{ customer_id: string; score_id: string; model_id: string | null; model_features: ModelFeature[] | null }>(ctx, q);
    rememberModelFeatures(rows);
    const byKey = new Map(rows.map((r) => [r.customer_id, toScore(r, r.score_id, 'CURRENT')]));
    return keys.map((k) => byKey.get(k) ?? null);
  }));
}

/** A customer's scores, newest first, keyset-paged on (computed_at, id). */
export async function scoreHistory(ctx: Context, customerKey: string, page: PageRequest) {
  const knex = reader(ctx);
  const base = knex('risk_score as s').where('s.customer_id', customerKey);
  const descending = !page.backward;
  const q = base.clone().select(...SCORE_COLUMNS, modelFeaturesColumn(knex, 's'));
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(s.computed_at, s.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  q.orderBy([{ column: 's.computed_at', order: descending ? 'desc' : 'asc' }, { column: 's.id', order: descending ? 'desc' : 'asc' }]).limit(page.size + 1);
  const rows = await levelRows<{ computed_at: string; id: string; triggered_by: string; model_id: string | null; model_features: ModelFeature[] | null }>(ctx, q);
  rememberModelFeatures(rows);
  return toConnection(
    rows,
    page,
    (r) => [toDate(r.computed_at).toISOString(), r.id],
    (r) => toScore(r, r.id, r.triggered_by),
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toModel(r: any): RiskModelView {
  return {
    key: r.id,
    id: toGlobalId('RiskModel', r.id),
    version: r.version,
    kind: r.kind,
    description: r.description,
    features: r.features,
    intercept: Number(r.intercept),
    mediumFrom: r.band_thresholds.medium,
    highFrom: r.band_thresholds.high,
    criticalFrom: r.band_thresholds.critical,
    horizonMonths: r.horizon_months,
    trainingSize: r.training_size,
    holdoutSize: r.holdout_size,
    holdoutAuc: r.metrics?.holdoutAuc ?? null,
    brier: r.metrics?.brier ?? null,
    status: r.status,
    failureReason: r.failure_reason,
    trainedBy: r.trained_by,
    activatedBy: r.activated_by,
  };
}

export async function activeModelView(ctx: Context): Promise<RiskModelView | null> {
  const row = await reader(ctx)('risk_model').select('*').where('status', 'ACTIVE').first();
  return row ? toModel(row) : null;
}

export async function modelByKey(ctx: Context, key: string): Promise<RiskModelView | null> {
  const row = await reader(ctx)('risk_model').select('*').where('id', key).first();
  return row ? toModel(row) : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAlert(r: any): RiskAlertView {
  return {
    key: r.id, customerKey: r.customer_id, id: toGlobalId('RiskAlert', r.id), customerId: toGlobalId('Customer', r.customer_id),
    fromBand: r.from_band, toBand: r.to_band, score: Number(r.score), raisedAt: toDate(r.raised_at),
    acknowledgedAt: r.acknowledged_at ? toDate(r.acknowledged_at) : null, acknowledgedBy: r.acknowledged_by,
  };
}

/** Alerts of the customers within the viewer's reach for reading scores, newest first, keyset-paged. */
export async function listAlerts(ctx: Context, filter: { acknowledged?: boolean | null; toBand_in?: string[] | null }, page: PageRequest) {
  const base = ofVisibleCustomers(reader(ctx)('risk_alert as a'), ctx, 'a.customer_id', riskCapabilities.read);
  if (filter.acknowledged === true) base.whereNotNull('a.acknowledged_at');
  if (filter.acknowledged === false) base.whereNull('a.acknowledged_at');
  if (filter.toBand_in?.length) base.whereIn('a.to_band', filter.toBand_in);
  const descending = !page.backward;
  const q = base.clone().select('a.*');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(a.raised_at, a.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  q.orderBy([{ column: 'a.raised_at', order: descending ? 'desc' : 'asc' }, { column: 'a.id', order: descending ? 'desc' : 'asc' }]).limit(page.size + 1);
  const rows = (await q) as { raised_at: Date; id: string }[];
  return toConnection(rows, page, (r) => [toDate(r.raised_at).toISOString(), r.id], toAlert, async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0));
}

export async function alertByKey(ctx: Context, key: string): Promise<RiskAlertView | null> {
  const row = await ofVisibleCustomers(reader(ctx)('risk_alert as a'), ctx, 'a.customer_id', riskCapabilities.read).select('a.*').where('a.id', key).first();
  return row ? toAlert(row) : null;
}

// Scoring in set-based SQL: one statement computes every customer's features as of a date, the
// logit from features × coefficients, the factors (value, signed contribution, reason in English and
// Chinese), appends the scores to the history and replaces each customer's current score. The number
// of statements does not depend on the number of customers.
import type { Knex } from '@mikro-orm/postgresql';
import { contributionsOf, type KeelModule } from '../../module';
import { CustomerStatus } from '../customers/public';
import { isProtected, selectFeatures } from './risk.features';
import type { BandThresholds, ModelFeature } from './risk.model-spec';
import { globalIdSql } from '../../domain/ids';

/** The numbers of a model that scoring needs. */
export interface ScoringModel {
  id: string;
  version: number;
  features: ModelFeature[];
  intercept: number;
  bandThresholds: BandThresholds;
}

export class ScoringError extends Error {}

/** The value shown in a reason, per format and language. */
function valueText(v: string, format: ModelFeature['format'], zh: boolean): string {
  const unknown = zh ? `'未知'` : `'unknown'`;
  switch (format) {
    case 'PERCENT':
      return `coalesce((case when ${v} >= 0 then '+' else '' end) || round((${v} * 100)::numeric)::text || '%', ${unknown})`;
    case 'YES_NO':
      return `coalesce(case when ${v} >= 0.5 then ${zh ? `'是'` : `'yes'`} else ${zh ? `'否'` : `'no'`} end, ${unknown})`;
    default:
      return `coalesce(trim(trailing '.' from trim(trailing '0' from round(${v}::numeric, 2)::text)), ${unknown})`;
  }
}

/** The active model, or null when none is active. */
export async function activeModel(knex: Knex): Promise<ScoringModel | null> {
  const row = await knex('risk_model').select('id', 'version', 'features', 'intercept', 'band_thresholds').where('status', 'ACTIVE').first();
  if (!row) return null;
  return { id: row.id, version: row.version, features: row.features, intercept: Number(row.intercept), bandThresholds: row.band_thresholds };
}

export interface ScoreRun {
  asOf: Date;
  triggeredBy: string;
  /** Only these customers (a rescore after an event); all active and offboarding customers otherwise. */
  customerKeys?: string[];
}

/**
 * The one statement that scores customers with `model` as of `run.asOf`, appends to `risk_score` and
 * upserts `risk_current_score`; it returns the number of customers scored.
 */
export function scoringStatement(knex: Knex, modules: KeelModule[], model: ScoringModel, run: ScoreRun): Knex.Raw {
  const attributes = new Map(contributionsOf(modules, 'customerAttributes').map((a) => [a.name, a]));
  const features = knex('customer as c').select('c.id as customer_id').whereIn('c.status', [CustomerStatus.ACTIVE, CustomerStatus.OFFBOARDING]);
  if (run.customerKeys) features.whereIn('c.id', run.customerKeys);
  model.features.forEach((f, i) => {
    const a = attributes.get(f.name);
    if (!a) throw new ScoringError(`The model's feature ${f.name} is not offered by any module of this deployment`);
    if (isProtected(f.name) || (a.type !== 'number' && a.type !== 'boolean')) throw new ScoringError(`${f.name} cannot be a feature`);
    if (!(f.sd > 0) || !Number.isFinite(f.mean) || !Number.isFinite(f.coefficient)) throw new ScoringError(`${f.name} has no usable standardisation`);
  });
  // Every customer: each group of features joined once; a few customers (a rescore after an event): per customer.
  selectFeatures(knex, features, model.features.map((f) => attributes.get(f.name)!), run.asOf, !run.customerKeys, (i) => `v${i}`);
  // The current band, read with the features: alerts and band events compare with it without joining the
  // table this statement writes (a join that the planner, seeing an empty table, could make quadratic).
  features.leftJoin('risk_current_score as old', 'old.customer_id', 'c.id').select('old.band as old_band');

  const bindings: Knex.RawBinding[] = [];
  const num = (n: number) => {
    bindings.push(n);
    return '?::float8';
  };
  // Bindings in the order their placeholders appear in the statement.
  const contributions = model.features.map((f, i) => `${num(f.coefficient)} * ((coalesce(v${i}, ${num(f.mean)}) - ${num(f.mean)}) / ${num(f.sd)}) as k${i}`);
  const logit = [num(model.intercept), ...model.features.map((_, i) => `k${i}`)].join(' + ');
  const factorItems = model.features.map((f, i) => {
    bindings.push(f.name, f.labelEn, f.labelZh);
    return `jsonb_build_object('feature', ?::text, 'value', to_jsonb(v${i}), 'contribution', to_jsonb(k${i}),
      'reasonEn', ?::text || ' ' || ${valueText(`v${i}`, f.format, false)} || ': ' || to_char(k${i}, 'FMSG990.00'),
      'reasonZh', ?::text || ' ' || ${valueText(`v${i}`, f.format, true)} || '：' || to_char(k${i}, 'FMSG990.00'))`;
  });
  const t = model.bandThresholds;
  const band = `case when p >= ${num(t.critical)} then 'CRITICAL' when p >= ${num(t.high)} then 'HIGH' when p >= ${num(t.medium)} then 'MEDIUM' else 'LOW' end`;
  bindings.push(model.id, model.version, run.triggeredBy, run.asOf);
  const vs = model.features.map((_, i) => `, v${i}`).join('');
  const rank = (b: string) => `array_position(array['LOW','MEDIUM','HIGH','CRITICAL'], ${b})`;
  const sql = `
with f as materialized (?),
k as materialized (select customer_id, old_band${vs}${contributions.map((c) => `, ${c}`).join('')} from f),
l as (select customer_id, old_band, (${logit}) as logit, jsonb_build_array(${factorItems.join(', ')}) as factors from k),
p as (select customer_id, old_band, logit, factors,
        case when logit >= 0 then 1 / (1 + exp(-least(logit, 700))) else exp(greatest(logit, -700)) / (1 + exp(greatest(logit, -700))) end as p
      from l),
-- Each new score with its id, band and the band it replaces, once; every write below reads it without a join.
s as materialized (
  select gen_random_uuid() as id, customer_id, ${band} as band, ?::uuid as model_id, ?::int as model_version, p as score, old_band,
         logit, factors, ?::text as triggered_by, ?::timestamptz as computed_at
    from p
),
ins as (
  insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, factors, triggered_by, computed_at)
  select id, customer_id, model_id, model_version, 'MODEL', score, band, logit, factors, triggered_by, computed_at from s
  returning id
),
-- A rise to HIGH or CRITICAL from a lower current band raises an alert.
alerts as (
  insert into risk_alert (id, customer_id, score_id, from_band, to_band, score, raised_at)
  select gen_random_uuid(), s.customer_id, s.id, s.old_band, s.band, s.score, s.computed_at
    from s
   where s.band in ('HIGH', 'CRITICAL') and ${rank('s.band')} > ${rank('s.old_band')}
  returning id, customer_id, from_band, to_band, score, raised_at
),
-- Domain events in the same statement: a band that changed, and each alert raised.
band_events as (
  insert into domain_event (id, type, occurred_at, customer_id, payload, actor_kind, actor_id, request_id)
  select gen_random_uuid(), 'risk.band_changed', s.computed_at, s.customer_id,
    jsonb_build_object('customerId', ${globalIdSql('Customer', 's.customer_id')}, 'from', s.old_band, 'to', s.band,
      'score', s.score, 'modelVersion', s.model_version, 'at', s.computed_at),
    'system', 'system', null
    from s
   where s.old_band is not null and s.old_band is distinct from s.band
),
alert_events as (
  insert into domain_event (id, type, occurred_at, customer_id, payload, actor_kind, actor_id, request_id)
  select gen_random_uuid(), 'risk.alert', a.raised_at, a.customer_id,
    jsonb_build_object('alertId', ${globalIdSql('RiskAlert', 'a.id')}, 'customerId', ${globalIdSql('Customer', 'a.customer_id')},
      'from', a.from_band, 'to', a.to_band, 'score', a.score, 'at', a.raised_at),
    'system', 'system', null
    from alerts a
),
cur as (
  insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, factors, computed_at)
  select customer_id, id, model_id, model_version, score, band, logit, factors, computed_at from s
  on conflict (customer_id) do update set score_id = excluded.score_id, model_id = excluded.model_id,
    model_version = excluded.model_version, score = excluded.score, band = excluded.band, logit = excluded.logit,
    factors = excluded.factors, computed_at = excluded.computed_at
  returning customer_id
)
select count(*)::int as scored from cur`;
  return knex.raw(sql, [features, ...bindings]);
}

/** Scores customers with the active model: two statements (the model, then the scoring), whatever the count. */
export async function rescore(knex: Knex, modules: KeelModule[], run: ScoreRun): Promise<{ modelVersion: number | null; scored: number }> {
  const model = await activeModel(knex);
  if (!model) return { modelVersion: null, scored: 0 };
  const result = await scoringStatement(knex, modules, model, run);
  return { modelVersion: model.version, scored: Number(result.rows[0]?.scored ?? 0) };
}

// Scoring in set-based SQL: one statement computes every customer's features as of a date, the
// logit from features × coefficients, the factors (each feature's value and signed contribution, as two
// arrays in the model's feature order; their reasons in words are put on when read), appends the scores to the history and replaces each customer's current score. The number
// of statements does not depend on the number of customers.
import type { Knex } from '@mikro-orm/postgresql';
import { contributionsOf, type KeelModule } from '../../module';
import { CustomerStatus } from '../customers/public';
import { customerRanges, isProtected, rangeBindings, rangeSql, selectFeatures, type CustomerRange } from './risk.features';
import type { BandThresholds, ModelFeature } from './risk.model-spec';
import { planForEveryCustomer } from '../../domain/attribute-reader';
import { globalIdSql, TIME_ORDERED_UUID_SQL, timeOrderedUuidPrefix } from '../../domain/ids';

/** The numbers of a model that scoring needs. */
export interface ScoringModel {
  id: string;
  version: number;
  features: ModelFeature[];
  intercept: number;
  bandThresholds: BandThresholds;
}

export class ScoringError extends Error {}

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
  /** Only the customers in this range of ids (one chunk of a batch). */
  range?: CustomerRange;
}

/**
 * The one statement that scores customers with `model` as of `run.asOf`, appends to `risk_score` and
 * upserts `risk_current_score`; it returns the number of customers scored and of those whose score changed
 * (a customer whose current score is this model's from the same feature values keeps it: nothing is written).
 */
export function scoringStatement(knex: Knex, modules: KeelModule[], model: ScoringModel, run: ScoreRun): Knex.Raw {
  const attributes = new Map(contributionsOf(modules, 'customerAttributes').map((a) => [a.name, a]));
  const features = knex('customer as c').select('c.id as customer_id').whereIn('c.status', [CustomerStatus.ACTIVE, CustomerStatus.OFFBOARDING]);
  if (run.customerKeys) features.whereIn('c.id', run.customerKeys);
  if (run.range) features.whereRaw(rangeSql('c.id', run.range), rangeBindings(run.range));
  model.features.forEach((f, i) => {
    const a = attributes.get(f.name);
    if (!a) throw new ScoringError(`The model's feature ${f.name} is not offered by any module of this deployment`);
    if (isProtected(f.name) || (a.type !== 'number' && a.type !== 'boolean')) throw new ScoringError(`${f.name} cannot be a feature`);
    if (!(f.sd > 0) || !Number.isFinite(f.mean) || !Number.isFinite(f.coefficient)) throw new ScoringError(`${f.name} has no usable standardisation`);
  });
  // Every customer: each group of features joined once; a few customers (a rescore after an event): per customer.
  selectFeatures(knex, features, model.features.map((f) => attributes.get(f.name)!), run.asOf, !run.customerKeys, (i) => `v${i}`, run.range);
  // The current band, read with the features: alerts and band events compare with it without joining the
  // table this statement writes (a join that the planner, seeing an empty table, could make quadratic).
  // With it, whether the current score was this model's from the same values: such a customer keeps it (a
  // rescore that changes nothing writes nothing; the history holds the scores that changed).
  features.leftJoin('risk_current_score as old', 'old.customer_id', 'c.id')
    .select('old.band as old_band', 'old.model_id as old_model_id', 'old.feature_values as old_values');

  const bindings: Knex.RawBinding[] = [];
  const num = (n: number) => {
    bindings.push(n);
    return '?::float8';
  };
  // Bindings in the order their placeholders appear in the statement.
  const contributions = model.features.map((f, i) => `${num(f.coefficient)} * ((coalesce(v${i}, ${num(f.mean)}) - ${num(f.mean)}) / ${num(f.sd)}) as k${i}`);
  const logit = [num(model.intercept), ...model.features.map((_, i) => `k${i}`)].join(' + ');
  // The factors as numbers, in the model's feature order; their reasons are words of the model, put on read.
  const values = `array[${model.features.map((_, i) => `v${i}`).join(', ')}]::float8[]`;
  const contributionArray = `array[${model.features.map((_, i) => `k${i}`).join(', ')}]::float8[]`;
  bindings.push(timeOrderedUuidPrefix(Date.now())); // the score's id, before its band in the statement
  const t = model.bandThresholds;
  const band = `case when p >= ${num(t.critical)} then 'CRITICAL' when p >= ${num(t.high)} then 'HIGH' when p >= ${num(t.medium)} then 'MEDIUM' else 'LOW' end`;
  bindings.push(model.id, model.version, run.triggeredBy, run.asOf, model.id);
  const vs = model.features.map((_, i) => `, v${i}`).join('');
  const rank = (b: string) => `array_position(array['LOW','MEDIUM','HIGH','CRITICAL'], ${b})`;
  const sql = `
with f as materialized (?),
k as materialized (select customer_id, old_band, old_model_id, old_values${vs}${contributions.map((c) => `, ${c}`).join('')} from f),
l as (select customer_id, old_band, old_model_id, old_values, (${logit}) as logit, ${values} as feature_values, ${contributionArray} as contributions from k),
p as (select customer_id, old_band, old_model_id, old_values, logit, feature_values, contributions,
        case when logit >= 0 then 1 / (1 + exp(-least(logit, 700))) else exp(greatest(logit, -700)) / (1 + exp(greatest(logit, -700))) end as p
      from l),
-- Each new score with its id, band and the band it replaces, once; every write below reads it without a join.
-- Ids are time-ordered: a batch's scores go to the end of the history's id indexes, not all across them.
s as materialized (
  select ${TIME_ORDERED_UUID_SQL} as id, customer_id, ${band} as band, ?::uuid as model_id, ?::int as model_version, p as score, old_band,
         logit, feature_values, contributions, ?::text as triggered_by, ?::timestamptz as computed_at,
         (old_model_id is distinct from ?::uuid or old_values is distinct from feature_values) as changed
    from p
),
ins as (
  insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, feature_values, contributions, triggered_by, computed_at)
  select id, customer_id, model_id, model_version, 'MODEL', score, band, logit, feature_values, contributions, triggered_by, computed_at
    from s where s.changed
  returning id
),
-- A rise to HIGH or CRITICAL from a lower current band raises an alert.
alerts as (
  insert into risk_alert (id, customer_id, score_id, from_band, to_band, score, raised_at)
  select gen_random_uuid(), s.customer_id, s.id, s.old_band, s.band, s.score, s.computed_at
    from s
   where s.changed and s.band in ('HIGH', 'CRITICAL') and ${rank('s.band')} > ${rank('s.old_band')}
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
   where s.changed and s.old_band is not null and s.old_band is distinct from s.band
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
  insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at)
  select customer_id, id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at from s where s.changed
  -- In score order: the two list indexes (by score, by band then score) are then written page after
  -- page rather than at random (a quarter less time for a range of 500,000).
  order by score desc
  on conflict (customer_id) do update set score_id = excluded.score_id, model_id = excluded.model_id,
    model_version = excluded.model_version, score = excluded.score, band = excluded.band, logit = excluded.logit,
    feature_values = excluded.feature_values, contributions = excluded.contributions, computed_at = excluded.computed_at
  returning customer_id
)
select (select count(*)::int from s) as scored, (select count(*)::int from cur) as changed`;
  return knex.raw(sql, [features, ...bindings]);
}

/**
 * A batch is scored in this many ranges of customer ids, each one statement of its own: a constant count
 * whatever the number of customers. PostgreSQL runs a statement that writes on one core, so ranges scored
 * side by side use the others; each range reads the activity snapshots once (a sequential scan: a bank's
 * snapshots arrive month by month, so any range of customers is spread over the whole table), hence as
 * few ranges as there are cores to use.
 */
export const BATCH_RANGES = 2;

/**
 * The memory each range's statement may use per sort or hash: enough to aggregate a range's snapshots in
 * one hash table (about 1 kB per customer) rather than walk the snapshot index customer by customer,
 * which at a million customers is three times slower. Set for the range's transaction only.
 */
export const BATCH_WORK_MEM = '1GB';

export interface RescoreOptions {
  /** How many ranges of a batch are scored at once (each holds a connection of `knex`'s pool); default 2. */
  parallelism?: number;
  /** How many ranges a batch is split into; default BATCH_RANGES. */
  ranges?: number;
}

/**
 * Scores customers with the active model: the model, then one statement for the customers of an event, or
 * for a batch one transaction per range of ids (BATCH_RANGES: begin, its memory and plan settings, the statement, commit),
 * whatever the count. Each range is all or nothing; a batch
 * that fails part way has replaced the scores of the ranges that finished, and the next run scores all again.
 */
export async function rescore(
  knex: Knex, modules: KeelModule[], run: ScoreRun, options: RescoreOptions = {},
): Promise<{ modelVersion: number | null; scored: number; changed: number }> {
  const model = await activeModel(knex);
  if (!model) return { modelVersion: null, scored: 0, changed: 0 };
  if (run.customerKeys || run.range) {
    const result = await scoringStatement(knex, modules, model, run);
    return { modelVersion: model.version, scored: Number(result.rows[0]?.scored ?? 0), changed: Number(result.rows[0]?.changed ?? 0) };
  }
  const ranges = customerRanges(options.ranges ?? BATCH_RANGES);
  let scored = 0;
  let changed = 0;
  const worker = async () => {
    for (let range = ranges.shift(); range; range = ranges.shift()) {
      try {
        const result = await knex.transaction(async (trx) => {
          await planForEveryCustomer(trx, BATCH_WORK_MEM);
          return scoringStatement(trx, modules, model, { ...run, range });
        });
        scored += Number(result.rows[0]?.scored ?? 0);
        changed += Number(result.rows[0]?.changed ?? 0);
      } catch (err) {
        ranges.length = 0; // the other workers start no further range
        throw err;
      }
    }
  };
  const parallelism = Math.max(1, Math.min(options.parallelism ?? 2, BATCH_RANGES));
  const outcomes = await Promise.allSettled(Array.from({ length: parallelism }, worker));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return { modelVersion: model.version, scored, changed };
}

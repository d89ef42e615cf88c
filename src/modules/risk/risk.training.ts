// Training a churn model on the bank's own history: features of every customer as of each snapshot
// date (one statement per snapshot), labelled by a customer-initiated exit within the horizon (imported
// exits and those Keel's offboarding closed); fitted on the earlier snapshots and measured on the last
// one (a time-based holdout). The model leaves TRAINING as DRAFT with its metrics, or FAILED with why.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { contributionsOf, type CustomerAttribute, type KeelModule } from '../../module';
import { customerInitiatedExits } from '../offboarding/public';
import { DEFAULT_BANDS, DEFAULT_FEATURES_V2 } from './risk.default-model';
import { selectFeatures } from './risk.features';
import { fitLogistic, metricsOf, sigmoid } from './risk.fit';
import type { ModelFeature, ValueFormat } from './risk.model-spec';

export const TRAIN_JOB = 'risk.train';

/**
 * Every exit from both sources, (customer_id, exited_at, labelled): imported exits of either initiator,
 * and those Keel's offboarding closed at the customer's wish; `labelled` for the customer-initiated ones.
 */
function exits(knex: Knex): Knex.QueryBuilder {
  return knex
    .select('customer_id', 'exited_at', knex.raw(`initiator = 'CUSTOMER' as labelled`))
    .from('risk_exit')
    .unionAll(customerInitiatedExits(knex).select(knex.raw('true as labelled')));
}

/**
 * Feature values and the label of every customer in the population of `date`, in one statement. Labels
 * and the population come from one pass over the exits grouped by customer: the label is a
 * customer-initiated exit within the horizon; a customer who had left by the date (whoever decided it)
 * is not in the population.
 */
export async function labelledSnapshot(knex: Knex, attributes: CustomerAttribute[], date: Date, horizonMonths: number) {
  const q = knex('customer as c').select('c.id as customer_id');
  selectFeatures(knex, q, attributes, date, true, (i) => `v${i}`);
  const outcome = knex
    .select('e.customer_id')
    .select(knex.raw(
      'bool_or(e.labelled and e.exited_at > ?::timestamptz and e.exited_at <= ?::timestamptz + make_interval(months => ?)) as label',
      [date, date, horizonMonths],
    ))
    .select(knex.raw('bool_or(e.exited_at <= ?::timestamptz) as gone', [date]))
    .from(exits(knex).as('e'))
    .groupBy('e.customer_id');
  q.leftJoin(outcome.as('x'), 'x.customer_id', 'c.id').select({ label: knex.raw('coalesce(x.label, false)') });
  q.where('c.joined_at', '<=', date)
    .where((w) => w.whereNull('c.exited_at').orWhere('c.exited_at', '>', date))
    .whereRaw('x.gone is not true')
    .orderBy('c.id');
  const rows = (await q) as Record<string, unknown>[];
  return rows.map((r) => ({
    customerId: r.customer_id as string,
    values: attributes.map((_, i) => (r[`v${i}`] === null ? null : Number(r[`v${i}`]))),
    label: r.label ? 1 : 0,
  }));
}

function formatOf(a: CustomerAttribute): ValueFormat {
  if (a.type === 'boolean') return 'YES_NO';
  return a.unit === 'ratio' ? 'PERCENT' : 'NUMBER';
}

export interface TrainingOutcome {
  status: 'DRAFT' | 'FAILED';
  failureReason?: string;
}

/** Fits one model that is in TRAINING and records the outcome on it. */
export async function trainModel(em: EntityManager, modules: KeelModule[], modelId: string, now: Date): Promise<TrainingOutcome> {
  const knex = em.getKnex();
  const m = await knex('risk_model').where({ id: modelId, status: 'TRAINING' }).first();
  if (!m) return { status: 'FAILED', failureReason: 'not in training' };
  const fail = async (reason: string): Promise<TrainingOutcome> => {
    await knex('risk_model').where({ id: modelId }).update({ status: 'FAILED', failure_reason: reason, updated_at: now });
    return { status: 'FAILED', failureReason: reason };
  };
  try {
    const byName = new Map(contributionsOf(modules, 'customerAttributes').map((a) => [a.name, a]));
    const names = (m.features as { name: string }[]).map((f) => f.name);
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length) return await fail(`Features no module offers any more: ${missing.join(', ')}`);
    const attributes = names.map((n) => byName.get(n)!);
    const dates = (m.snapshot_dates as string[]).map((d) => new Date(`${d}T00:00:00Z`)).sort((a, b) => a.getTime() - b.getTime());
    const snapshots = [];
    for (const d of dates) snapshots.push(await labelledSnapshot(knex, attributes, d, m.horizon_months));
    const train = snapshots.slice(0, -1).flat();
    const holdout = snapshots[snapshots.length - 1];
    if (train.length === 0 || holdout.length === 0) return await fail('No customers in the training or the holdout snapshot');
    const positives = train.reduce((s, r) => s + r.label, 0);
    if (positives === 0) return await fail('No customer-initiated exits within the horizon of the training snapshots');
    if (!holdout.some((r) => r.label === 1) || holdout.every((r) => r.label === 1)) return await fail('The holdout snapshot needs both exits and stays');

    // Standardise on the training rows: mean and spread of the known values; unknown counts as the mean.
    const stats = attributes.map((_, j) => {
      const known = train.map((r) => r.values[j]).filter((v): v is number => v !== null);
      const mean = known.length ? known.reduce((s, v) => s + v, 0) / known.length : 0;
      const sd = known.length > 1 ? Math.sqrt(known.reduce((s, v) => s + (v - mean) ** 2, 0) / (known.length - 1)) : 0;
      return { mean, sd };
    });
    const used = attributes.map((_, j) => j).filter((j) => stats[j].sd > 0);
    if (used.length === 0) return await fail('Every feature is constant over the training snapshots');
    const z = (values: (number | null)[]) => used.map((j) => ((values[j] ?? stats[j].mean) - stats[j].mean) / stats[j].sd);
    const fit = fitLogistic(train.map((r) => z(r.values)), train.map((r) => r.label), Number(m.regularisation));
    const predicted = holdout.map((r) => sigmoid(fit.intercept + z(r.values).reduce((s, v, k) => s + v * fit.coefficients[k], 0)));
    const metrics = metricsOf(predicted, holdout.map((r) => r.label));

    const features: ModelFeature[] = used.map((j, k) => {
      const a = attributes[j];
      const known = DEFAULT_FEATURES_V2.find((f) => f.name === a.name);
      return {
        name: a.name, transform: 'STANDARDISE', mean: stats[j].mean, sd: stats[j].sd, coefficient: fit.coefficients[k], format: formatOf(a),
        labelEn: known?.labelEn ?? a.name, labelZh: known?.labelZh ?? a.name,
      };
    });
    await knex('risk_model').where({ id: modelId, status: 'TRAINING' }).update({
      status: 'DRAFT', features: JSON.stringify(features), intercept: fit.intercept, metrics: JSON.stringify(metrics),
      band_thresholds: JSON.stringify(DEFAULT_BANDS), training_size: train.length, holdout_size: holdout.length,
      training_from: dates[0].toISOString().slice(0, 10), training_to: dates[dates.length - 1].toISOString().slice(0, 10), updated_at: now,
    });
    return { status: 'DRAFT' };
  } catch (err) {
    return fail(err instanceof Error ? err.message.slice(0, 500) : 'training failed');
  }
}

/** The training job: fits every model waiting in TRAINING, oldest first. */
export async function trainPendingModels(deps: { em: EntityManager; modules: KeelModule[]; now: Date }): Promise<TrainingOutcome[]> {
  const ids = (await deps.em.getKnex()('risk_model').select('id').where('status', 'TRAINING').orderBy('created_at')) as { id: string }[];
  const out: TrainingOutcome[] = [];
  for (const { id } of ids) out.push(await trainModel(deps.em, deps.modules, id, deps.now));
  return out;
}

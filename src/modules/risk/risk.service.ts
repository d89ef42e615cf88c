// Risk's writes: importing exit history, asking for a model to be trained, activating a model. Each in
// one transaction with its audit event; rescoring after activation is set-based.
import { recordAudit } from '../../audit/audit.writer';
import { canFor } from '../../auth/permissions';
import { actorOf } from '../../auth/viewer';
import { riskCapabilities } from './permissions';
import type { ServiceDeps } from '../../domain/deps';
import { contributionsOf, type KeelModule } from '../../module';
import type { Problem } from '../../domain/errors';
import { problem } from '../../domain/errors';
import { DomainError } from '../../domain/errors';
import { featureAttributes, isProtected } from './risk.features';
import { RiskErrorCode, riskErrors } from './risk.errors';
import type { ExitHistoryItemInput, RecordExternalRiskScoresInput, TrainRiskModelInput } from './risk.inputs';
import { bandOf } from './risk.model-spec';
import { ExitInitiator } from './risk-exit.entity';
import { RiskModel, RiskModelKind, RiskModelStatus } from './risk-model.entity';
import { DEFAULT_BANDS } from './risk.default-model';
import { sendJobRun } from '../../jobs/send';
import { ACTIVATION_RUN, RESCORE_JOB } from './risk.jobs';

export interface RiskDeps extends ServiceDeps {
  modules: KeelModule[];
}

const actorName = (deps: ServiceDeps) => {
  const a = actorOf(deps.viewer);
  return `${a.kind}:${a.id}`;
};

/** Imports exits all or nothing; an exit already known (same customer and time) is left as it is. */
export async function importExitHistory(deps: RiskDeps, items: ExitHistoryItemInput[]): Promise<{ imported: number; alreadyKnown: number }> {
  const problems: Problem[] = [];
  items.forEach((it, i) => {
    if (it.initiator === ExitInitiator.BANK && it.reason != null) {
      // A bank exit's reason is not taken at all, so that no one downstream can learn it.
      problems.push(problem(['input', 'items', String(i), 'reason'], RiskErrorCode.INVALID, 'A bank-initiated exit is imported without a reason'));
    }
    if (new Date(it.exitedAt).getTime() > deps.now.getTime()) {
      problems.push(problem(['input', 'items', String(i), 'exitedAt'], RiskErrorCode.INVALID, 'An exit cannot be in the future'));
    }
  });
  const knex = deps.em.getKnex();
  const refs = [...new Set(items.map((it) => it.customerExternalRef))];
  const found = (await knex('customer').select('id', 'external_ref').whereIn('external_ref', refs)) as { id: string; external_ref: string }[];
  const byRef = new Map(found.map((r) => [r.external_ref, r.id]));
  items.forEach((it, i) => {
    if (!byRef.has(it.customerExternalRef)) problems.push(problem(['input', 'items', String(i), 'customerExternalRef'], RiskErrorCode.UNKNOWN_CUSTOMER, 'No customer has this reference'));
  });
  if (problems.length) throw new DomainError('USER_ERROR', problems);
  return deps.em.transactional(async (em) => {
    const rows = items.map((it) => ({
      id: crypto.randomUUID(), created_at: deps.now, customer_id: byRef.get(it.customerExternalRef)!, exited_at: new Date(it.exitedAt),
      initiator: it.initiator, reason: it.initiator === ExitInitiator.CUSTOMER ? (it.reason ?? null) : null, imported_by: actorName(deps),
    }));
    const inserted = (await em.getKnex()('risk_exit').insert(rows).onConflict(['customer_id', 'exited_at']).ignore().returning('id')
      .transacting(em.getTransactionContext()!)) as unknown[];
    recordAudit(em, deps, {
      action: 'risk.exit_history_imported', entityType: 'RiskExit', changes: [{ field: 'items', new: String(inserted.length) }],
    });
    return { imported: inserted.length, alreadyKnown: items.length - inserted.length };
  });
}

/** Records a model in TRAINING for the training job; refuses protected and unknown features. */
export async function requestTraining(deps: RiskDeps, input: TrainRiskModelInput): Promise<string> {
  const usable = new Map(featureAttributes(deps.modules).map((a) => [a.name, a]));
  const offered = new Set(contributionsOf(deps.modules, 'customerAttributes').map((a) => a.name));
  const names = input.features ?? [...usable.keys()];
  const problems: Problem[] = [];
  names.forEach((n, i) => {
    const field = ['input', 'features', String(i)];
    if (isProtected(n)) problems.push(problem(field, RiskErrorCode.PROTECTED_ATTRIBUTE, `${n.slice(0, 80)} is a protected attribute and is never a feature`));
    else if (!usable.has(n)) problems.push(problem(field, RiskErrorCode.UNKNOWN_FEATURE, offered.has(n) ? `${n} is not numeric` : `No module offers the feature ${n.slice(0, 80)}`));
  });
  if (new Set(names).size !== names.length) problems.push(problem(['input', 'features'], RiskErrorCode.INVALID, 'A feature is named twice'));
  const dates = [...input.snapshotDates].sort();
  if (new Set(dates).size !== dates.length) problems.push(problem(['input', 'snapshotDates'], RiskErrorCode.INVALID, 'A snapshot date is named twice'));
  dates.forEach((d, i) => {
    const t = new Date(`${d}T00:00:00Z`);
    if (Number.isNaN(t.getTime())) problems.push(problem(['input', 'snapshotDates', String(i)], RiskErrorCode.INVALID, 'Not a date'));
    const horizonEnd = new Date(t);
    horizonEnd.setUTCMonth(horizonEnd.getUTCMonth() + input.horizonMonths);
    if (horizonEnd.getTime() > deps.now.getTime()) {
      problems.push(problem(['input', 'snapshotDates', String(i)], RiskErrorCode.INVALID, 'The horizon after this date has not passed yet: its labels are not known'));
    }
  });
  if (problems.length) throw new DomainError('USER_ERROR', problems);
  return deps.em.transactional(async (em) => {
    const last = (await em.getKnex()('risk_model').max({ v: 'version' }).transacting(em.getTransactionContext()!).first()) as { v: number | null };
    const model = em.create(RiskModel, {
      createdAt: deps.now, updatedAt: deps.now, version: (last?.v ?? 0) + 1, kind: RiskModelKind.LOGISTIC,
      description: 'Logistic regression on standardised features, L2-regularised, fitted by IRLS on this bank\'s history. '
        + (names.includes('customers.ageBand') ? 'Age is used only as an age band.' : 'Age is not used.'),
      features: names.map((name) => ({ name, transform: 'STANDARDISE', mean: 0, sd: 1, coefficient: 0, format: 'NUMBER', labelEn: name, labelZh: name })),
      intercept: 0, bandThresholds: DEFAULT_BANDS, snapshotDates: dates, horizonMonths: input.horizonMonths,
      regularisation: input.regularisation, trainingSize: 0, holdoutSize: 0, status: RiskModelStatus.TRAINING, trainedBy: actorName(deps),
    });
    recordAudit(em, deps, { action: 'risk.model_training_requested', entityType: 'RiskModel', entityId: model.id, changes: [{ field: 'status', new: 'TRAINING' }] });
    await em.flush();
    return model.id;
  });
}

/**
 * Four eyes: someone other than the trainer activates a DRAFT; the previous model retires; and, in the same
 * transaction, a run of the rescoring job is sent, which scores every customer with the new model in the
 * background (a million customers take minutes, longer than a request may run). Until it has, a customer's
 * `riskScore` is the previous model's, and says so by its model version.
 */
export async function activateModel(deps: RiskDeps, modelKey: string): Promise<string> {
  await deps.em.transactional(async (em) => {
    const knex = em.getKnex();
    const tx = em.getTransactionContext()!;
    const m = await knex('risk_model').where({ id: modelKey }).forUpdate().transacting(tx).first();
    if (!m) riskErrors.fail(RiskErrorCode.INVALID, 'No such model', ['input', 'modelId']);
    if (m.status !== RiskModelStatus.DRAFT) riskErrors.fail(RiskErrorCode.NOT_A_DRAFT, `Only a DRAFT model can be activated; this one is ${m.status}`, ['input', 'modelId']);
    if (m.trained_by === actorName(deps)) riskErrors.fail(RiskErrorCode.TRAINER_CANNOT_ACTIVATE, 'The model\'s trainer cannot activate it: someone else must', ['input', 'modelId']);
    await knex('risk_model').where({ status: RiskModelStatus.ACTIVE }).update({ status: RiskModelStatus.RETIRED, retired_at: deps.now, updated_at: deps.now }).transacting(tx);
    await knex('risk_model').where({ id: modelKey }).update({ status: RiskModelStatus.ACTIVE, activated_by: actorName(deps), activated_at: deps.now, updated_at: deps.now }).transacting(tx);
    recordAudit(em, deps, { action: 'risk.model_activated', entityType: 'RiskModel', entityId: modelKey, changes: [{ field: 'status', old: 'DRAFT', new: 'ACTIVE' }] });
    await sendJobRun(tx, RESCORE_JOB, { trigger: ACTIVATION_RUN, modelId: modelKey });
  });
  return modelKey;
}

/**
 * Scores from the bank's own platform: appended to the history with their source, all or nothing; the
 * active model's current score stays what it is. Bands follow the active model's thresholds.
 */
export async function recordExternalScores(deps: RiskDeps, input: RecordExternalRiskScoresInput): Promise<number> {
  const problems: Problem[] = [];
  if (input.source.trim().toUpperCase() === 'MODEL') problems.push(problem(['input', 'source'], RiskErrorCode.INVALID, 'MODEL is the name of Keel\'s own scores'));
  const knex = deps.em.getKnex();
  const refs = [...new Set(input.items.map((it) => it.customerExternalRef))];
  const found = (await knex('customer').select('id', 'external_ref').whereIn('external_ref', refs)) as { id: string; external_ref: string }[];
  const byRef = new Map(found.map((r) => [r.external_ref, r.id]));
  input.items.forEach((it, i) => {
    if (!byRef.has(it.customerExternalRef)) problems.push(problem(['input', 'items', String(i), 'customerExternalRef'], RiskErrorCode.UNKNOWN_CUSTOMER, 'No customer has this reference'));
    if (new Date(it.computedAt).getTime() > deps.now.getTime()) problems.push(problem(['input', 'items', String(i), 'computedAt'], RiskErrorCode.INVALID, 'A score cannot be from the future'));
  });
  if (problems.length) throw new DomainError('USER_ERROR', problems);
  const model = await knex('risk_model').select('band_thresholds').where('status', 'ACTIVE').first();
  const thresholds = model?.band_thresholds ?? DEFAULT_BANDS;
  return deps.em.transactional(async (em) => {
    const rows = input.items.map((it) => ({
      id: crypto.randomUUID(), customer_id: byRef.get(it.customerExternalRef)!, model_id: null, model_version: null, source: input.source.trim(),
      score: it.score, band: bandOf(it.score, thresholds), logit: null, triggered_by: 'EXTERNAL', computed_at: new Date(it.computedAt),
    }));
    await em.getKnex()('risk_score').insert(rows).transacting(em.getTransactionContext()!);
    recordAudit(em, deps, { action: 'risk.external_scores_recorded', entityType: 'RiskScore', changes: [{ field: 'items', new: String(rows.length) }, { field: 'source', new: input.source.trim() }] });
    return rows.length;
  });
}

/** The customer's relationship manager (or another who may) acknowledges an alert; once. */
export async function acknowledgeAlert(deps: RiskDeps, alertKey: string, rmKeyOf: (customerKey: string) => Promise<string | null | undefined>,
): Promise<string> {
  return deps.em.transactional(async (em) => {
    const knex = em.getKnex();
    const tx = em.getTransactionContext()!;
    // The customer as the caller sees them (a customer outside their reading reach has no manager for them).
    const reachable = async (customerKey: string) => {
      const rmKey = await rmKeyOf(customerKey);
      return rmKey !== undefined && canFor(deps.viewer, riskCapabilities.acknowledgeAlerts, rmKey);
    };
    const a = await knex('risk_alert').where('id', alertKey).forUpdate().transacting(tx).first();
    // An alert outside the caller's reach does not exist for them.
    if (!a || !(await reachable(a.customer_id))) riskErrors.fail(RiskErrorCode.INVALID, 'No such alert', ['input', 'alertId']);
    if (a.acknowledged_at) riskErrors.fail(RiskErrorCode.ALREADY_ACKNOWLEDGED, 'The alert was acknowledged already', ['input', 'alertId']);
    await knex('risk_alert').where('id', alertKey).update({ acknowledged_at: deps.now, acknowledged_by: actorName(deps) }).transacting(tx);
    recordAudit(em, deps, { action: 'risk.alert_acknowledged', entityType: 'RiskAlert', entityId: alertKey, customerId: a.customer_id, changes: [{ field: 'acknowledgedAt', new: deps.now.toISOString() }] });
    return alertKey;
  });
}

// Training on a bank whose churn process the test itself generates: customers who start to drift away
// (fewer transactions, a draining balance, fewer logins, the salary moving) leave three months later.
// Exits come in through importExitHistory; the model is asked for by trainRiskModel, fitted by the
// training job and activated by someone other than its trainer.
import { randomUUID } from 'node:crypto';
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { computeFeatures } from '../src/modules/risk/risk.features';
import { fitLogistic, metricsOf, sigmoid } from '../src/modules/risk/risk.fit';
import { rescoreJob } from '../src/modules/risk/risk.jobs';
import { labelledSnapshot, trainPendingModels } from '../src/modules/risk/risk.training';
import { contributionsOf } from '../src/module';
import { createTestApp, type TestApp } from './support/app';
import { staffToken } from './support/tokens';

let t: TestApp;
const N = 2500;
const SNAPSHOTS = ['2024-03-01', '2024-05-01', '2024-07-01', '2024-09-01'];
const HORIZON = 3;
const monthStart = (i: number) => new Date(Date.UTC(2023, i, 1)); // i = 0: January 2023

interface Sim { id: string; ref: string; exit: Date | null; bankExit: Date | null }
const sims: Sim[] = [];

let seed = 4242;
const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);

const analyst = () => staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now());
const admin = () => staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2025-06-15T09:00:00Z');
  const cust: unknown[][] = [[], [], []];
  const act: unknown[][] = [[], [], [], [], [], [], []];
  for (let k = 0; k < N; k++) {
    const id = randomUUID();
    const ref = `TR-${k}`;
    // The month the drift starts (0..47 from January 2023), for about 40% of customers within the 24 months.
    const onset = rand() < 0.4 ? Math.floor(rand() * 24) : null;
    const exitMonth = onset === null ? null : onset + 3;
    // A few leave with no warning at all, and a few are asked to leave by the bank (never a label).
    const surprise = onset === null && rand() < 0.03 ? Math.floor(rand() * 24) : null;
    const bank = onset === null && surprise === null && rand() < 0.02 ? Math.floor(rand() * 24) : null;
    const exit = exitMonth !== null ? new Date(monthStart(exitMonth).getTime() + 9 * 86400000) : surprise !== null ? new Date(monthStart(surprise).getTime() + 12 * 86400000) : null;
    const bankExit = bank !== null ? new Date(monthStart(bank).getTime() + 5 * 86400000) : null;
    sims.push({ id, ref, exit, bankExit });
    cust[0].push(id);
    cust[1].push(ref);
    cust[2].push(new Date(Date.UTC(2015 + Math.floor(rand() * 7), Math.floor(rand() * 12), 1)));
    const baseTx = 15 + rand() * 30;
    const baseBal = 20000 + rand() * 80000;
    const baseLogins = 3 + rand() * 10;
    const salaried = rand() < 0.75;
    const last = Math.min(23, exit ? (exit.getUTCFullYear() - 2023) * 12 + exit.getUTCMonth() - 1 : 23, bankExit ? (bankExit.getUTCFullYear() - 2023) * 12 + bankExit.getUTCMonth() - 1 : 23);
    for (let m = 0; m <= last; m++) {
      const drifting = onset !== null && m >= onset;
      const depth = drifting ? Math.min(1, (m - onset! + 1) / 3) : 0;
      const noise = () => 0.75 + rand() * 0.5;
      act[0].push(id);
      act[1].push(monthStart(m).toISOString().slice(0, 10));
      act[2].push(Math.round(baseTx * (1 - 0.7 * depth) * noise()));
      act[3].push(Math.round(baseBal * (1 - 0.6 * depth) * noise()));
      act[4].push(Math.round(baseLogins * (1 - 0.7 * depth) * noise()));
      act[5].push(salaried && !(drifting && m >= onset! + 1) && rand() > 0.05);
    }
  }
  await t.sql.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, date_of_birth, joined_at, status)
     select id, now(), now(), ref, 'Sim', ref, date '1980-01-01', joined, 'ACTIVE' from unnest($1::uuid[], $2::text[], $3::timestamptz[]) as u(id, ref, joined)`,
    cust,
  );
  await t.sql.query(
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited, as_of)
     select gen_random_uuid(), now(), now(), c, m, tx, 1000, bal, 'EUR', lg, sal, now()
       from unnest($1::uuid[], $2::date[], $3::int[], $4::bigint[], $5::int[], $6::boolean[]) as u(c, m, tx, bal, lg, sal)`,
    act.slice(0, 6),
  );
});

afterAll(async () => {
  await t?.close();
});

const IMPORT = 'mutation($input: ImportExitHistoryInput!) { importExitHistory(input: $input) { imported alreadyKnown userErrors { field code } } }';

describe('importExitHistory', () => {
  it('refuses a whole batch with an unknown customer or a bank exit with a reason, writing nothing', async () => {
    const res = await t.gql(IMPORT, {
      token: analyst(),
      variables: { input: { items: [
        { customerExternalRef: sims[0].ref, exitedAt: '2024-01-01T00:00:00Z', initiator: 'CUSTOMER', reason: 'FEES' },
        { customerExternalRef: 'NO-SUCH', exitedAt: '2024-01-01T00:00:00Z', initiator: 'CUSTOMER' },
        { customerExternalRef: sims[1].ref, exitedAt: '2024-01-01T00:00:00Z', initiator: 'BANK', reason: 'OTHER' },
      ] } },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.importExitHistory.imported).toBeNull();
    expect(res.body.data.importExitHistory.userErrors).toEqual(expect.arrayContaining([
      { field: ['input', 'items', '1', 'customerExternalRef'], code: 'UNKNOWN_CUSTOMER' },
      { field: ['input', 'items', '2', 'reason'], code: 'INVALID' },
    ]));
    expect((await t.sql.query('select count(*)::int as n from risk_exit')).rows[0].n).toBe(0);
  });

  it('refuses more than 1,000 items, and callers who may not train', async () => {
    const items = Array.from({ length: 1001 }, () => ({ customerExternalRef: sims[0].ref, exitedAt: '2024-01-01T00:00:00Z', initiator: 'CUSTOMER' }));
    const big = await t.gql(IMPORT, { token: analyst(), variables: { input: { items } } });
    expect(big.body.data.importExitHistory.userErrors[0].field).toEqual(['input', 'items']);
    for (const token of [admin(), staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now())]) {
      const res = await t.gql(IMPORT, { token, variables: { input: { items: items.slice(0, 1) } } });
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('imports every exit in batches of 1,000; re-sending changes nothing', async () => {
    const items = sims.flatMap((s) => [
      ...(s.exit ? [{ customerExternalRef: s.ref, exitedAt: s.exit.toISOString(), initiator: 'CUSTOMER', reason: 'FEES' }] : []),
      ...(s.bankExit ? [{ customerExternalRef: s.ref, exitedAt: s.bankExit.toISOString(), initiator: 'BANK' }] : []),
    ]);
    let imported = 0;
    for (let i = 0; i < items.length; i += 1000) {
      const res = await t.gql(IMPORT, { token: analyst(), variables: { input: { items: items.slice(i, i + 1000) } } });
      expect(res.body.data.importExitHistory.userErrors).toEqual([]);
      imported += res.body.data.importExitHistory.imported;
    }
    expect(imported).toBe(items.length);
    const again = await t.gql(IMPORT, { token: analyst(), variables: { input: { items: items.slice(0, 500) } } });
    expect(again.body.data.importExitHistory).toEqual({ imported: 0, alreadyKnown: 500, userErrors: [] });
    const { rows } = await t.sql.query(`select initiator, count(*)::int as n, count(reason)::int as with_reason from risk_exit group by initiator order by initiator`);
    expect(rows.find((r) => r.initiator === 'BANK').with_reason).toBe(0);
    const audit = await t.sql.query(`select count(*)::int as n from audit_event where action = 'risk.exit_history_imported' and actor_id = 'analyst-01'`);
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(2);
  });
});

const TRAIN = 'mutation($input: TrainRiskModelInput!) { trainRiskModel(input: $input) { riskModel { id version status trainedBy } userErrors { field code } } }';
const MODEL = 'query($id: ID!) { riskModel(id: $id) { status version holdoutAuc brier trainingSize holdoutSize failureReason description features { name coefficient mean sd } intercept } }';

let modelId: string;

describe('training', () => {
  it('a protected attribute, an unknown feature or a horizon not yet passed is a userError', async () => {
    const res = await t.gql(TRAIN, { token: analyst(), variables: { input: { snapshotDates: SNAPSHOTS, horizonMonths: HORIZON, regularisation: 1, features: ['customers.tenureMonths', 'customers.gender', 'loyalty.nationality', 'x.nope'] } } });
    expect(res.body.data.trainRiskModel.riskModel).toBeNull();
    expect(res.body.data.trainRiskModel.userErrors).toEqual([
      { field: ['input', 'features', '1'], code: 'PROTECTED_ATTRIBUTE' },
      { field: ['input', 'features', '2'], code: 'PROTECTED_ATTRIBUTE' },
      { field: ['input', 'features', '3'], code: 'UNKNOWN_FEATURE' },
    ]);
    const late = await t.gql(TRAIN, { token: analyst(), variables: { input: { snapshotDates: ['2024-03-01', '2025-05-01'], horizonMonths: HORIZON, regularisation: 1 } } });
    expect(late.body.data.trainRiskModel.userErrors).toEqual([{ field: ['input', 'snapshotDates', '1'], code: 'INVALID' }]);
    const admins = await t.gql(TRAIN, { token: admin(), variables: { input: { snapshotDates: SNAPSHOTS, horizonMonths: HORIZON, regularisation: 1 } } });
    expect(admins.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('returns the model in TRAINING; the job fits it to a DRAFT with holdout AUC ≥ 0.80 and calibration error ≤ 0.05', async () => {
    const res = await t.gql(TRAIN, { token: analyst(), variables: { input: { snapshotDates: SNAPSHOTS, horizonMonths: HORIZON, regularisation: 1 } } });
    expect(res.body.data.trainRiskModel.userErrors).toEqual([]);
    expect(res.body.data.trainRiskModel.riskModel).toMatchObject({ status: 'TRAINING', version: 3, trainedBy: 'staff:analyst-01' });
    modelId = res.body.data.trainRiskModel.riskModel.id;

    const outcomes = await trainPendingModels({ em: t.orm.em.fork(), modules: defaultModules, now: t.clock.now() });
    expect(outcomes).toEqual([{ status: 'DRAFT' }]);
    const model = (await t.gql(MODEL, { token: analyst(), variables: { id: modelId } })).body.data.riskModel;
    expect(model.status).toBe('DRAFT');
    expect(model.description).toMatch(/age band/);
    expect(model.holdoutAuc).toBeGreaterThanOrEqual(0.8);
    const metrics = (await t.sql.query('select metrics from risk_model where id = $1', [parseGlobalId(modelId)!.key])).rows[0].metrics;
    expect(metrics.calibrationError).toBeLessThanOrEqual(0.05);
    expect(metrics.topDecileLift).toBeGreaterThan(2);

    // The test's own AUC, from the model's numbers and the features as of the holdout date, labelled by
    // the generated exits, counting pairs: it agrees with the model's report.
    const holdoutDate = new Date(`${SNAPSHOTS[SNAPSHOTS.length - 1]}T00:00:00Z`);
    const horizonEnd = new Date(Date.UTC(2024, 8 + HORIZON, 1));
    const rows = await computeFeatures(t.orm.em.getKnex(), defaultModules, holdoutDate);
    const sim = new Map(sims.map((s) => [s.id, s]));
    const pos: number[] = [];
    const neg: number[] = [];
    for (const r of rows) {
      const s = sim.get(r.customer_id);
      if (!s) continue;
      if ((s.exit && s.exit <= holdoutDate) || (s.bankExit && s.bankExit <= holdoutDate)) continue;
      const logit = model.features.reduce((acc: number, f: { name: string; coefficient: number; mean: number; sd: number }) => {
        const v = r[f.name] ?? f.mean;
        return acc + f.coefficient * ((v - f.mean) / f.sd);
      }, model.intercept);
      (s.exit && s.exit > holdoutDate && s.exit <= horizonEnd ? pos : neg).push(sigmoid(logit));
    }
    expect(pos.length + neg.length).toBe(model.holdoutSize);
    let wins = 0;
    for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
    expect(Math.abs(wins / (pos.length * neg.length) - model.holdoutAuc)).toBeLessThan(1e-9);
  });

  it('with the labels shuffled the same pipeline is no better than chance (AUC 0.45..0.55)', async () => {
    const attributes = contributionsOf(defaultModules, 'customerAttributes').filter((a) => a.type !== 'text');
    const knex = t.orm.em.getKnex();
    const snaps = [];
    for (const d of SNAPSHOTS) snaps.push(await labelledSnapshot(knex, attributes, new Date(`${d}T00:00:00Z`), HORIZON));
    const shuffle = (labels: number[]) => {
      const out = [...labels];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    };
    const train = snaps.slice(0, -1).flat();
    const holdout = snaps[snaps.length - 1];
    const stats = attributes.map((_, j) => {
      const vs = train.map((r) => r.values[j] ?? 0);
      const mean = vs.reduce((s, v) => s + v, 0) / vs.length;
      return { mean, sd: Math.sqrt(vs.reduce((s, v) => s + (v - mean) ** 2, 0) / vs.length) || 1 };
    });
    const z = (values: (number | null)[]) => values.map((v, j) => ((v ?? stats[j].mean) - stats[j].mean) / stats[j].sd);
    // One shuffle's AUC on a holdout of this size varies by about ±0.03 around 0.5; the mean of ten
    // independent shuffles (each fitted anew) is what says "no better than chance" without flapping.
    const aucs: number[] = [];
    for (let round = 0; round < 10; round++) {
      // Labels without signal leave a flat likelihood: a firmer penalty, more iterations and a step tolerance
      // of 1e-6 (ample for predictions) keep IRLS from stopping on rounding noise at 1e-9.
      const fit = fitLogistic(train.map((r) => z(r.values)), shuffle(train.map((r) => r.label)), 10, 200, 1e-6);
      const predicted = holdout.map((r) => sigmoid(fit.intercept + z(r.values).reduce((s, v, k) => s + v * fit.coefficients[k], 0)));
      aucs.push(metricsOf(predicted, shuffle(holdout.map((r) => r.label))).holdoutAuc);
    }
    const mean = aucs.reduce((s, a) => s + a, 0) / aucs.length;
    expect(mean).toBeGreaterThanOrEqual(0.45);
    expect(mean).toBeLessThanOrEqual(0.55);
    for (const auc of aucs) expect(Math.abs(auc - 0.5)).toBeLessThan(0.15);
  });
});

const ACTIVATE = 'mutation($input: ActivateRiskModelInput!) { activateRiskModel(input: $input) { riskModel { status version activatedBy } userErrors { field code } } }';

describe('activation', () => {
  it('the trainer cannot activate their own model, even when also an admin; the analyst role cannot activate at all', async () => {
    const both = staffToken(t.config, ['ADMIN', 'RETENTION_ANALYST'], 'analyst-01', t.clock.now());
    const own = await t.gql(ACTIVATE, { token: both, variables: { input: { modelId } } });
    expect(own.body.data.activateRiskModel.userErrors).toEqual([{ field: ['input', 'modelId'], code: 'TRAINER_CANNOT_ACTIVATE' }]);
    const analystOnly = await t.gql(ACTIVATE, { token: analyst(), variables: { input: { modelId } } });
    expect(analystOnly.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('an admin activates it: the default model (second version, the first retired at install) retires, and the rescoring job, sent in the same transaction, scores every customer with the new one', async () => {
    const rescoreRuns = async () => (await t.sql.query(`select state, data from pgboss.job where name = 'risk.rescore' order by created_on`)).rows;
    expect(await rescoreRuns()).toEqual([]);
    const res = await t.gql(ACTIVATE, { token: admin(), variables: { input: { modelId } } });
    expect(res.body.data.activateRiskModel).toEqual({ riskModel: { status: 'ACTIVE', version: 3, activatedBy: 'staff:admin-01' }, userErrors: [] });
    const { rows } = await t.sql.query(`select version, status from risk_model order by version`);
    expect(rows).toEqual([{ version: 1, status: 'RETIRED' }, { version: 2, status: 'RETIRED' }, { version: 3, status: 'ACTIVE' }]);
    // The request scored no one: a run waits on the queue, saying which activation sent it.
    expect((await t.sql.query(`select count(*)::int as n from risk_current_score where model_version = 3`)).rows[0].n).toBe(0);
    expect(await rescoreRuns()).toEqual([{ state: 'created', data: { trigger: 'MODEL_ACTIVATED', modelId: parseGlobalId(modelId)!.key } }]);

    // Refused activations send nothing.
    const again = await t.gql(ACTIVATE, { token: admin(), variables: { input: { modelId } } });
    expect(again.body.data.activateRiskModel.userErrors).toEqual([{ field: ['input', 'modelId'], code: 'NOT_A_DRAFT' }]);
    const unknown = await t.gql(ACTIVATE, { token: admin(), variables: { input: { modelId: toGlobalId('RiskModel', randomUUID()) } } });
    expect(unknown.body.data.activateRiskModel.userErrors[0].field).toEqual(['input', 'modelId']);
    expect((await rescoreRuns()).length).toBe(1);

    // The run, as a worker runs it with the data it was sent with (the runner hands a run's data to its job:
    // test/jobs.test.ts), rescores everyone with the new model.
    const [run] = await rescoreRuns();
    await rescoreJob.run({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules, data: run.data });
    const current = await t.sql.query(`select count(*)::int as n, min(r.model_version) as v, array_agg(distinct s.triggered_by) as triggers
                                         from risk_current_score r join risk_score s on s.id = r.score_id`);
    expect(current.rows[0]).toEqual({ n: N, v: 3, triggers: ['MODEL_ACTIVATED'] });
  });
});

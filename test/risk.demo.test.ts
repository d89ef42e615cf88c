// The demo bank has a churn process a model can learn: seeded at a small size, its exit history and
// behaviour train a model (trainRiskModel, then the real training job) whose holdout AUC, computed here
// from the scores and the seeded exits, is clearly better than chance and agrees with the model's report.
import type { ProvisionedDatabase } from '../src/db/roles';
import { parseGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { computeFeatures } from '../src/modules/risk/risk.features';
import { sigmoid } from '../src/modules/risk/risk.fit';
import { trainPendingModels } from '../src/modules/risk/risk.training';
import { createSeededTestDatabase, createTestApp, type TestApp } from './support/app';
import { staffToken } from './support/tokens';

const TODAY = new Date('2026-11-01T00:00:00Z');
const SNAPSHOTS = ['2026-08-01', '2026-09-01'];
const HORIZON = 2;
let db: ProvisionedDatabase;
let t: TestApp;

beforeAll(async () => {
  db = await createSeededTestDatabase({ size: 800, today: TODAY });
  t = await createTestApp({ database: db, ownsDatabase: true });
  t.clock.set('2026-11-01T09:00:00Z');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

it('a model trained on the demo bank ranks its leavers far better than chance (holdout AUC computed from the scores)', async () => {
  // Exits from both sources the training reads: imported history, and the full exits Keel's offboarding closed.
  const { rows: exits } = await t.sql.query(
    `select customer_id, exited_at, initiator from risk_exit
     union all
     select customer_id, closed_at, initiated_by from offboarding_case where state = 'CLOSED' and scope = 'FULL'
     order by exited_at`,
  );
  // Enough exits of both kinds, in the months the snapshots look at.
  expect(exits.filter((e) => e.initiator === 'CUSTOMER').length).toBeGreaterThan(40);
  expect(exits.some((e) => e.initiator === 'BANK')).toBe(true);

  const analyst = staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now());
  const res = await t.gql('mutation($input: TrainRiskModelInput!) { trainRiskModel(input: $input) { riskModel { id status } userErrors { field code } } }', {
    token: analyst, variables: { input: { snapshotDates: SNAPSHOTS, horizonMonths: HORIZON, regularisation: 10 } },
  });
  expect(res.body.data.trainRiskModel.userErrors).toEqual([]);
  expect(await trainPendingModels({ em: t.orm.em.fork(), modules: defaultModules, now: t.clock.now() })).toEqual([{ status: 'DRAFT' }]);
  const id = parseGlobalId(res.body.data.trainRiskModel.riskModel.id)!.key;
  const model = (await t.sql.query('select features, intercept, metrics, holdout_size from risk_model where id = $1', [id])).rows[0];

  // The test's own AUC: scores from the model's numbers and the features as of the holdout date; labels
  // from the seeded exits (customer-initiated within the horizon); customers gone by the date, or not yet come, left out.
  const holdoutDate = new Date(`${SNAPSHOTS[SNAPSHOTS.length - 1]}T00:00:00Z`);
  const horizonEnd = new Date(Date.UTC(2026, 8 + HORIZON, 1));
  // A customer's first exit decides (a later one in the list never replaces it).
  const exitOf = new Map<string, { at: Date; byCustomer: boolean }>();
  for (const e of exits) if (!exitOf.has(e.customer_id)) exitOf.set(e.customer_id, { at: new Date(e.exited_at), byCustomer: e.initiator === 'CUSTOMER' });
  const joined = new Map((await t.sql.query('select id, joined_at from customer')).rows.map((c) => [c.id as string, new Date(c.joined_at)]));
  // Customers whose exit Keel's offboarding closed (their record says when) had left by then too.
  const left = new Map((await t.sql.query('select id, exited_at from customer where exited_at is not null')).rows.map((c) => [c.id as string, new Date(c.exited_at)]));
  const pos: number[] = [];
  const neg: number[] = [];
  for (const r of await computeFeatures(t.orm.em.getKnex(), defaultModules, holdoutDate)) {
    const exit = exitOf.get(r.customer_id);
    if ((exit && exit.at <= holdoutDate) || joined.get(r.customer_id)! > holdoutDate || left.get(r.customer_id)! <= holdoutDate) continue;
    const logit = model.features.reduce(
      (acc: number, f: { name: string; coefficient: number; mean: number; sd: number }) => acc + f.coefficient * (((r[f.name] ?? f.mean) - f.mean) / f.sd),
      Number(model.intercept),
    );
    (exit && exit.byCustomer && exit.at <= horizonEnd ? pos : neg).push(sigmoid(logit));
  }
  expect(pos.length).toBeGreaterThan(20);
  expect(pos.length + neg.length).toBe(model.holdout_size);
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  const auc = wins / (pos.length * neg.length);
  expect(auc).toBeGreaterThanOrEqual(0.75);
  expect(Math.abs(auc - model.metrics.holdoutAuc)).toBeLessThan(1e-9);
}, 120_000);

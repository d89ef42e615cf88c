// Signals of leaving rescore the customer in the request that records them, with the model a fresh
// installation has (the second default model, no tweaks): a complaint, an account closed by core banking,
// a new month of activity, a retention offer declined. The history keeps the score before; an ingest batch
// rescores all its customers in one statement; no event says why anyone leaves.
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../src/domain/ids';
import { defaultModules } from '../src/modules';
import { DEFAULT_FEATURES, DEFAULT_FEATURES_V2, DEFAULT_MODEL_V2_ID } from '../src/modules/risk/risk.default-model';
import { DEFAULT_MODEL_ID } from '../src/modules/risk/migrations/Migration20261201300100_risk';
import { rescore } from '../src/modules/risk/risk.scoring';
import { createTestApp, type TestApp } from './support/app';
import { createAccount, createCustomer, createStaff } from './support/factories';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-01');
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

type Score = { score: number; band: string; factors: { feature: string; value: number | null }[] };
type Read = { riskScore: Score; riskHistory: { totalCount: number; edges: { node: { score: number; triggeredBy: string } }[] } };
const READ = `query($id: ID!) { customer(id: $id) { riskScore { score band factors { feature value } }
  riskHistory(first: 20) { totalCount edges { node { score triggeredBy } } } } }`;
const read = async (key: string): Promise<Read> => (await t.gql(READ, { token: admin, variables: { id: toGlobalId('Customer', key) } })).body.data.customer;
const factor = (s: Score, feature: string) => s.factors.find((f) => f.feature === feature)?.value;

/** Scores the customers by batch as of now, then moves the clock on so that the next score is later. */
async function baseline(keys: string[]): Promise<Read[]> {
  await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: keys });
  t.clock.advance(60_000);
  return Promise.all(keys.map(read));
}

/** The score moved, the newest history entry is the signal's, and the one before is kept. */
function expectRescored(before: Read, after: Read, trigger: string) {
  expect(after.riskScore.score).not.toBe(before.riskScore.score);
  expect(after.riskHistory.totalCount).toBe(before.riskHistory.totalCount + 1);
  expect(after.riskHistory.edges[0].node).toEqual({ score: after.riskScore.score, triggeredBy: trigger });
  expect(after.riskHistory.edges[1].node).toEqual({ score: before.riskScore.score, triggeredBy: 'BATCH' });
}

const eventsOf = async (type: string, customerKey: string) =>
  (await t.sql.query('select payload from domain_event where type = $1 and customer_id = $2', [type, customerKey])).rows.map((r) => r.payload);

/** No payload names a reason, an initiator or a closure reason (offboarding's no-tipping-off rule). */
function expectNoReasons(payload: Record<string, unknown>) {
  expect(Object.keys(payload).filter((k) => /reason|initiat/i.test(k))).toEqual([]);
}

it('a fresh installation scores with the second default model; the first is retired as it was', async () => {
  const { rows } = await t.sql.query('select id, status, features, trained_by from risk_model order by version');
  expect(rows.map((r) => [r.id, r.status])).toEqual([[DEFAULT_MODEL_ID, 'RETIRED'], [DEFAULT_MODEL_V2_ID, 'ACTIVE']]);
  expect(rows[0].features.map((f: { name: string }) => f.name)).toEqual(DEFAULT_FEATURES.map((f) => f.name));
  const names = rows[1].features.map((f: { name: string }) => f.name);
  expect(names).toEqual(DEFAULT_FEATURES_V2.map((f) => f.name));
  expect(names).toEqual(expect.arrayContaining(['feedback.complaints90d', 'feedback.detractor', 'loyalty.offersDeclined90d']));
  expect(names.some((n: string) => /gender|nationality|ethnic|religion/i.test(n))).toBe(false);
});

it('a complaint changes the score under the default model in the same request; the history keeps the one before', async () => {
  const c = await createCustomer(t.sql, {});
  const [before] = await baseline([c.id]);
  expect(factor(before.riskScore, 'feedback.complaints90d')).toBe(0);
  const res = await t.gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { userErrors { code } } }', {
    token: admin, variables: { input: { customerId: toGlobalId('Customer', c.id), channel: 'PHONE', kind: 'COMPLAINT', text: 'Charged twice' } },
  });
  expect(res.body.data.recordFeedback.userErrors).toEqual([]);
  const after = await read(c.id);
  expectRescored(before, after, 'EVENT:feedback.received');
  expect(after.riskScore.score).toBeGreaterThan(before.riskScore.score);
  expect(factor(after.riskScore, 'feedback.complaints90d')).toBe(1);
});

describe('core banking feeds', () => {
  const ingest = async (mutation: string, type: string, items: object[]) => {
    const res = await t.gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { applied userErrors { field code } } }`, {
      token: admin, variables: { input: { items } },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data[mutation].userErrors).toEqual([]);
    return res.body.data[mutation].applied as number;
  };
  const account = (ref: string, customerRef: string, over: Record<string, unknown> = {}) => ({
    externalRef: ref, customerExternalRef: customerRef, type: 'SAVINGS', status: 'OPEN', balance: { amount: '100.00', currency: 'EUR' },
    openedAt: '2021-03-01', asOf: t.clock.now().toISOString(), ...over,
  });

  it('an account closure rescores its holders in the same request, all of a batch in one statement', async () => {
    const holders = [await createCustomer(t.sql, {}), await createCustomer(t.sql, {}), await createCustomer(t.sql, {})];
    await ingest('upsertAccounts', 'UpsertAccountsInput', holders.flatMap((h, i) => [account(`SIG-CUR-${i}`, h.externalRef, { type: 'CURRENT' }), account(`SIG-SAV-${i}`, h.externalRef)]));
    const before = await baseline(holders.map((h) => h.id));
    expect(before.every((b) => b.riskHistory.edges[0].node.triggeredBy === 'BATCH')).toBe(true);
    const close = holders.map((h, i) => account(`SIG-SAV-${i}`, h.externalRef, { status: 'CLOSED', closedAt: '2026-01-15', asOf: t.clock.now().toISOString() }));
    const { statements } = await countStatements(() => ingest('upsertAccounts', 'UpsertAccountsInput', close));
    expect(statements.filter((s) => /insert into risk_score/.test(s))).toHaveLength(1);
    for (let i = 0; i < holders.length; i++) {
      const after = await read(holders[i].id);
      expectRescored(before[i], after, 'EVENT:account.closed');
      expect(after.riskScore.score).toBeGreaterThan(before[i].riskScore.score);
      expect(factor(after.riskScore, 'customers.productsClosed90d')).toBe(1);
      const [event] = await eventsOf('account.closed', holders[i].id);
      expect(Object.keys(event).sort()).toEqual(['accountId', 'accountType', 'closedAt', 'customerId']);
      expect(event).toMatchObject({ customerId: toGlobalId('Customer', holders[i].id), accountType: 'SAVINGS', closedAt: '2026-01-15' });
      expectNoReasons(event);
    }
    // An account that stays open (a balance update) raises nothing and rescores no one.
    t.clock.advance(60_000);
    await ingest('upsertAccounts', 'UpsertAccountsInput', [account('SIG-CUR-0', holders[0].externalRef, { type: 'CURRENT', balance: { amount: '5.00', currency: 'EUR' } })]);
    expect((await read(holders[0].id)).riskHistory.totalCount).toBe(before[0].riskHistory.totalCount + 1);
  });

  it('a new month of activity rescores the customer in the same request; a correction of a known month does not', async () => {
    const c = await createCustomer(t.sql, {});
    // Six steady months to November; December, the last complete month, has not arrived.
    await t.sql.query(
      `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
         average_balance_minor, currency, digital_logins, salary_credited, as_of)
       select gen_random_uuid(), now(), now(), $1, date '2025-06-01' + m * interval '1 month', 20, 1000, 500000, 'EUR', 8, true, now()
         from generate_series(0, 5) m`,
      [c.id],
    );
    const [before] = await baseline([c.id]);
    expect(factor(before.riskScore, 'customers.monthsSinceLastActivity')).toBe(2);
    const december = (count: number) => ({
      customerExternalRef: c.externalRef, month: '2025-12', transactionCount: count, transactionVolume: { amount: '10.00', currency: 'EUR' },
      averageBalance: { amount: '900.00', currency: 'EUR' }, digitalLogins: 0, salaryCredited: false, asOf: t.clock.now().toISOString(),
    });
    expect(await ingest('recordActivitySnapshots', 'RecordActivitySnapshotsInput', [december(2)])).toBe(1);
    const after = await read(c.id);
    expectRescored(before, after, 'EVENT:activity.month_recorded');
    expect(factor(after.riskScore, 'customers.monthsSinceLastActivity')).toBe(1);
    expect(factor(after.riskScore, 'customers.transactionsVsBaseline')).toBeCloseTo(-0.9, 9);
    const events = await eventsOf('activity.month_recorded', c.id);
    expect(events).toEqual([{ customerId: toGlobalId('Customer', c.id), month: '2025-12' }]);

    t.clock.advance(60_000);
    expect(await ingest('recordActivitySnapshots', 'RecordActivitySnapshotsInput', [december(3)])).toBe(1);
    expect((await read(c.id)).riskHistory.totalCount).toBe(after.riskHistory.totalCount);
    expect(await eventsOf('activity.month_recorded', c.id)).toHaveLength(1);
  });
});

it('a declined retention offer rescores the customer in the same request; the event says only whether it was within an exit', async () => {
  const c = await createCustomer(t.sql, {});
  await createAccount(t.sql, c.id, { type: 'CURRENT' });
  await t.sql.query('update customer set marketing_consent = true, marketing_consent_at = now() where id = $1', [c.id]);
  const customerId = toGlobalId('Customer', c.id);
  const gql = async (name: string, type: string, select: string, input: Record<string, unknown>) => {
    const res = await t.gql(`mutation($input: ${type}!) { ${name}(input: $input) { ${select} userErrors { code message } } }`, { token: admin, variables: { input } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data[name].userErrors).toEqual([]);
    return res.body.data[name];
  };
  await gql('enrollCustomer', 'EnrollCustomerInput', 'loyaltyAccount { id }', { customerId });
  const now = t.clock.now().getTime();
  const offer = (await gql('createRetentionOffer', 'CreateRetentionOfferInput', 'retentionOffer { id }', {
    kind: 'FEE_WAIVER', name: 'Fee waiver', terms: 'No account fee for six months.', value: 6,
    validFrom: new Date(now - 86_400_000).toISOString(), validUntil: new Date(now + 100 * 86_400_000).toISOString(),
  })).retentionOffer;
  const proposal = (await gql('proposeOffer', 'ProposeOfferInput', 'offerAssignment { id }', { offerId: offer.id, customerId, channel: 'BRANCH' })).offerAssignment;
  const [before] = await baseline([c.id]);
  expect(factor(before.riskScore, 'loyalty.offersDeclined90d')).toBe(0);
  await gql('respondToOffer', 'RespondToOfferInput', 'offerAssignment { status }', { assignmentId: proposal.id, answer: 'DECLINE', idempotencyKey: randomUUID() });
  const after = await read(c.id);
  expectRescored(before, after, 'EVENT:offer.declined');
  expect(after.riskScore.score).toBeGreaterThan(before.riskScore.score);
  expect(factor(after.riskScore, 'loyalty.offersDeclined90d')).toBe(1);
  const [event] = await eventsOf('offer.declined', c.id);
  expect(event).toMatchObject({ assignmentId: proposal.id, customerId, offerKind: 'FEE_WAIVER', withinExit: false });
  expect(Object.keys(event).sort()).toEqual(['assignmentId', 'at', 'customerId', 'offerKind', 'withinExit']);
  expectNoReasons(event);
});

it('the owning modules declare the signals they raise', () => {
  const declared = (module: string) => defaultModules.find((m) => m.name === module)!.contributes?.events?.map((e) => e.type) ?? [];
  expect(declared('customers')).toEqual(['account.closed', 'activity.month_recorded']);
  expect(declared('loyalty')).toContain('offer.declined');
});

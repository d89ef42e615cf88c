// The behaviour data on the read side: Customer.activity (batched), the derived trend and
// inactivity columns, fxRates, node(id:) for snapshots and rates, and the statement count of a
// list of customers with accounts, activity and derived fields.
import { toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { ingestNodes } from '../src/modules/customers/ingest.parts';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

// node(id:) for snapshots and rates needs their sources in the customers module (see ingest.parts).
const modules = defaultModules.map((m) => (m.name === 'customers' ? { ...m, nodes: [...(m.nodes ?? []), ...ingestNodes] } : m));

let t: TestApp;
let admin: string;
const AS_OF = '2026-01-14T00:00:00.000Z';

async function ingest(mutation: string, type: string, items: object[]) {
  const res = await t.gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { applied userErrors { field code message } } }`, {
    token: admin,
    variables: { input: { items } },
  });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data[mutation].userErrors).toEqual([]);
  return res.body.data[mutation].applied as number;
}

const customers = (refs: string[], rm = 'rm-01') =>
  ingest('upsertCustomers', 'UpsertCustomersInput', refs.map((ref) => ({ externalRef: ref, firstName: 'Ann', lastName: ref, relationshipManagerSubject: rm, asOf: AS_OF })));

const snapshot = (ref: string, month: string, averageBalance: string, transactionCount: number, currency = 'EUR') => ({
  customerExternalRef: ref,
  month,
  transactionCount,
  transactionVolume: { amount: String(transactionCount * 10), currency },
  averageBalance: { amount: averageBalance, currency },
  digitalLogins: transactionCount,
  salaryCredited: transactionCount > 0,
  asOf: AS_OF,
});

const MONTHS = ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01'];
const idOf = async (ref: string) => (await t.sql.query('select id from customer where external_ref = $1', [ref])).rows[0].id as string;

beforeAll(async () => {
  t = await createTestApp({ modules });
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  await createStaff(t.sql, 'rm-01');
  await createStaff(t.sql, 'rm-02');
  await customers(['ACT-1', 'ACT-2', 'ACT-3']);
  await customers(['ACT-9'], 'rm-02');
  await ingest('upsertFxRates', 'UpsertFxRatesInput', [{ currency: 'USD', rate: '0.5', asOf: AS_OF }]);
  // ACT-1: a year of activity; the balance falls by a fifth over the last three months and there
  // have been no transactions since November.
  const balances = ['1000', '1000', '1000', '1000', '1000', '1000', '1000', '1000', '1000', '900', '850', '800'];
  await ingest('recordActivitySnapshots', 'RecordActivitySnapshotsInput', [
    ...MONTHS.map((m, i) => snapshot('ACT-1', m, balances[i], i < 10 ? 5 : 0)),
    // ACT-2: three quiet months only; ACT-9: in USD, outside rm-01's book
    ...MONTHS.slice(-3).map((m) => snapshot('ACT-2', m, '10.00', 0)),
    snapshot('ACT-9', '2025-10', '100.00', 1, 'USD'),
    snapshot('ACT-9', '2026-01', '150.00', 1, 'USD'),
  ]);
});
afterAll(async () => {
  await t?.close();
});

const BEHAVIOUR = `query($id: ID!, $last: Int) { customer(id: $id) { balanceTrend90d monthsSinceLastActivity
  activity(last: $last) { id month transactionCount transactionVolume { amount currency } averageBalance { amount currency } digitalLogins salaryCredited asOf } } }`;

describe('Customer.activity and the derived behaviour columns', () => {
  it('lists the newest months first and derives the 90-day trend and the months since the last transaction', async () => {
    const res = await t.gql(BEHAVIOUR, { token: admin, variables: { id: toGlobalId('Customer', await idOf('ACT-1')), last: 3 } });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.customer;
    expect(c.balanceTrend90d).toBe(-0.2); // 800 against 1000 in October
    expect(c.monthsSinceLastActivity).toBe(2); // last transactions in November; now is January
    expect(c.activity.map((a: { month: string }) => a.month)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(c.activity[2]).toMatchObject({
      transactionCount: 5,
      transactionVolume: { amount: '50.00', currency: 'EUR' },
      averageBalance: { amount: '900.00', currency: 'EUR' },
      digitalLogins: 5,
      salaryCredited: true,
      asOf: AS_OF,
    });
    const twelve = await t.gql(BEHAVIOUR, { token: admin, variables: { id: toGlobalId('Customer', await idOf('ACT-1')) } });
    expect(twelve.body.data.customer.activity).toHaveLength(12);
  });

  it('a customer with no transactions counts from before the first snapshot; without snapshots everything is null', async () => {
    const quiet = await t.gql(BEHAVIOUR, { token: admin, variables: { id: toGlobalId('Customer', await idOf('ACT-2')) } });
    expect(quiet.body.data.customer).toMatchObject({ balanceTrend90d: null, monthsSinceLastActivity: 3 });
    const none = await t.gql(BEHAVIOUR, { token: admin, variables: { id: toGlobalId('Customer', await idOf('ACT-3')) } });
    expect(none.body.data.customer).toEqual({ balanceTrend90d: null, monthsSinceLastActivity: null, activity: [] });
  });

  it('a corrected month replaces the snapshot and the trend follows; months outside 1..120 are refused', async () => {
    await ingest('recordActivitySnapshots', 'RecordActivitySnapshotsInput', [{ ...snapshot('ACT-9', '2026-01', '50.00', 0, 'USD'), asOf: '2026-01-15T00:00:00.000Z' }]);
    const { rows } = await t.sql.query(`select balance_trend_90d_bp, months_since_last_activity from customer where external_ref = 'ACT-9'`);
    expect(rows[0]).toEqual({ balance_trend_90d_bp: -5000, months_since_last_activity: 3 });
    const bad = await t.gql(BEHAVIOUR, { token: admin, variables: { id: toGlobalId('Customer', await idOf('ACT-1')), last: 0 } });
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a snapshot for a month that has not begun is refused', async () => {
    const res = await t.gql(
      'mutation($input: RecordActivitySnapshotsInput!) { recordActivitySnapshots(input: $input) { applied userErrors { field code } } }',
      { token: admin, variables: { input: { items: [snapshot('ACT-3', '2026-02', '1.00', 1), { ...snapshot('ACT-3', '2025-12', '1.00', 1), averageBalance: { amount: '1.00', currency: 'USD' } }] } } },
    );
    expect(res.body.data.recordActivitySnapshots.userErrors).toEqual([
      { field: ['input', 'items', '0', 'month'], code: 'IN_THE_FUTURE' },
      { field: ['input', 'items', '1', 'averageBalance', 'currency'], code: 'CURRENCY_MISMATCH' },
    ]);
    expect(Number((await t.sql.query(`select count(*) from activity_snapshot where customer_id = $1`, [await idOf('ACT-3')])).rows[0].count)).toBe(0);
  });
});

describe('who may read it', () => {
  it('readers of customers read activity and rates; a partner without customers:read is refused', async () => {
    const support = staffToken(t.config, 'SUPPORT_AGENT', 'support-01', t.clock.now());
    const res = await t.gql(BEHAVIOUR, { token: support, variables: { id: toGlobalId('Customer', await idOf('ACT-1')), last: 1 } });
    expect(res.body.data.customer.activity).toHaveLength(1);
    const reader = await createPartnerToken(t, ['customers:read']);
    expect((await t.gql('{ fxRates { currency rate } }', { token: reader.token })).body.data.fxRates).toEqual([{ currency: 'USD', rate: '0.5' }]);

    const feed = await createPartnerToken(t, ['ingest:write']);
    const rates = await t.gql('{ fxRates { currency } }', { token: feed.token });
    expect(rates.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql('{ fxRates { currency } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('node(id:) finds snapshots within the viewer\'s book and rates for readers', async () => {
    const [own, other] = await Promise.all(
      ['ACT-1', 'ACT-9'].map(async (ref) => (await t.sql.query(`select id from activity_snapshot where customer_id = $1 limit 1`, [await idOf(ref)])).rows[0].id),
    );
    const rm = staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now());
    const q = 'query($id: ID!) { node(id: $id) { id ... on ActivitySnapshot { month } ... on FxRate { currency } } }';
    const mine = await t.gql(q, { token: rm, variables: { id: toGlobalId('ActivitySnapshot', own) } });
    expect(mine.body.data.node.month).toMatch(/^\d{4}-\d{2}$/);
    const hidden = await t.gql(q, { token: rm, variables: { id: toGlobalId('ActivitySnapshot', other) } });
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const rate = (await t.sql.query(`select id from fx_rate where currency = 'USD'`)).rows[0].id;
    expect((await t.gql(q, { token: rm, variables: { id: toGlobalId('FxRate', rate) } })).body.data.node).toEqual({ id: toGlobalId('FxRate', rate), currency: 'USD' });
  });
});

describe('statement counts', () => {
  it('a list of 100 customers with accounts, activity and derived fields costs what a list of 10 costs', async () => {
    const refs = Array.from({ length: 100 }, (_, i) => `CNT-${String(i).padStart(3, '0')}`);
    await customers(refs, 'rm-02');
    await ingest('upsertAccounts', 'UpsertAccountsInput', refs.flatMap((ref) => [
      { externalRef: `${ref}-C`, customerExternalRef: ref, type: 'CURRENT', status: 'OPEN', balance: { amount: '100.00', currency: 'EUR' }, openedAt: '2020-01-01', asOf: AS_OF },
      { externalRef: `${ref}-L`, customerExternalRef: ref, type: 'PERSONAL_LOAN', status: 'OPEN', outstanding: { amount: '40.00', currency: 'USD' }, openedAt: '2020-01-01', asOf: AS_OF },
    ]));
    await ingest('recordActivitySnapshots', 'RecordActivitySnapshotsInput', refs.flatMap((ref) => MONTHS.slice(-4).map((m) => snapshot(ref, m, '100.00', 1))));

    const q = (n: number) => `{ customers(first: ${n}, filter: { search: "CNT-" }) { edges { node { id totalDeposits { amount currency }
      totalDebt { amount } openProductCount balanceTrend90d monthsSinceLastActivity accounts { id outstanding { amount currency } }
      activity(last: 3) { month averageBalance { amount } } } } } }`;
    const ten = await countStatements(() => t.gql(q(10), { token: admin }));
    const hundred = await countStatements(() => t.gql(q(100), { token: admin }));
    expect(hundred.result.body.errors).toBeUndefined();
    const nodes = hundred.result.body.data.customers.edges.map((e: { node: object }) => e.node);
    expect(nodes).toHaveLength(100);
    expect(nodes[99]).toMatchObject({
      totalDeposits: { amount: '100.00', currency: 'EUR' },
      totalDebt: { amount: '20.00' },
      openProductCount: 2,
      balanceTrend90d: 0,
      monthsSinceLastActivity: 0,
    });
    expect(nodes[99].activity.map((a: { month: string }) => a.month)).toEqual(['2026-01', '2025-12', '2025-11']);
    // the page, then the accounts and the activity together (one statement for the nested level)
    expect(hundred.statements.length).toBe(ten.statements.length);
    expect(hundred.statements.length).toBe(2);
  });
});

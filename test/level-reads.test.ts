// The reads of one request level go to PostgreSQL as one statement (src/graphql/level-reads.ts), each
// module's part as a JSON array. What must not change with that: money stays exact beyond 2^53 minor
// units, dates and instants are the ones stored, each part keeps its order and its own permission bound.
import { defaultModules } from '../src/modules';
import { toGlobalId } from '../src/graphql/relay';
import { rescore } from '../src/modules/risk/risk.scoring';
import { createTestApp, type TestApp } from './support/app';
import { createAccount, createCustomer, createStaff } from './support/factories';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
const customers: Record<string, string> = {};
const HUGE = '9007199254740993'; // 2^53 + 1: a JSON number would round it to ...992

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-04-10T12:00:00Z'));
  const rm1 = await createStaff(t.sql, 'rm-01', 'Ann Book');
  const rm2 = await createStaff(t.sql, 'rm-02', 'Bob Other');
  customers.mine = (await createCustomer(t.sql, { rmId: rm1.id, lastName: 'Aaa' })).id;
  customers.other = (await createCustomer(t.sql, { rmId: rm2.id, lastName: 'Bbb' })).id;
  const first = await createAccount(t.sql, customers.mine, { type: 'SAVINGS' });
  const second = await createAccount(t.sql, customers.mine, { type: 'CURRENT' });
  await t.sql.query(`update account set opened_at = '2019-05-06', balance_minor = $2, outstanding_minor = $2 where id = $1`, [second.id, HUGE]);
  await t.sql.query(`update account set opened_at = '2022-12-31', closed_at = '2023-01-02' where id = $1`, [first.id]);
  await createAccount(t.sql, customers.other);
  await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: Object.values(customers) });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const HISTORY = `query($id: ID!) { customer(id: $id) { riskHistory(first: 1) { edges { node { factors { feature reason } } } } } }`;

// First in this file, so that the process knows no model yet: the first read of a model's scores must
// bring the model's words along in the same statement (a column the level's statement once dropped).
it('words the factors of the first scores a process reads, in the score history as in the list', async () => {
  const res = await t.gql(HISTORY, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()), variables: { id: toGlobalId('Customer', customers.mine) } });
  expect(res.body.errors).toBeUndefined();
  const factors = res.body.data.customer.riskHistory.edges[0].node.factors;
  expect(factors.length).toBeGreaterThan(5);
  for (const f of factors) expect(f.reason).toMatch(/: [+-]\d+\.\d\d$/);
});

const LIST = `{ customers(first: 10, orderBy: { field: NAME, direction: ASC }) { edges { node { id
  accounts { type balance { amount currency } outstanding { amount } openedAt closedAt }
  relationshipManager { name } riskScore { score band computedAt factors { feature contribution } } } } } }`;

it('sends the nested level as one statement, with money exact, dates as stored and each part in its order', async () => {
  const { result, statements } = await countStatements(() => t.gql(LIST, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()) }));
  expect(result.body.errors).toBeUndefined();
  expect(statements).toHaveLength(2);
  const nodes = result.body.data.customers.edges.map((e: { node: unknown }) => e.node);
  const mine = nodes.find((n: { id: string }) => n.id === toGlobalId('Customer', customers.mine));
  expect(mine.accounts).toEqual([
    { type: 'CURRENT', balance: { amount: '90071992547409.93', currency: 'EUR' }, outstanding: { amount: '90071992547409.93' }, openedAt: '2019-05-06', closedAt: null },
    { type: 'SAVINGS', balance: { amount: '100.00', currency: 'EUR' }, outstanding: { amount: '0.00' }, openedAt: '2022-12-31', closedAt: '2023-01-02' },
  ]);
  expect(mine.relationshipManager).toEqual({ name: 'Ann Book' });
  const { rows } = await t.sql.query('select score, band, computed_at, contributions from risk_current_score where customer_id = $1', [customers.mine]);
  expect(mine.riskScore.score).toBe(rows[0].score);
  expect(mine.riskScore.band).toBe(rows[0].band);
  expect(new Date(mine.riskScore.computedAt).getTime()).toBe(rows[0].computed_at.getTime());
  // (+ 0: the answer's JSON has no negative zero.)
  expect(mine.riskScore.factors.map((f: { contribution: number }) => f.contribution + 0).sort()).toEqual(rows[0].contributions.map((c: number) => c + 0).sort());
});

it('keeps each part within its own bound: a manager reads scores of their own book only, a support agent none', async () => {
  const asManager = await t.gql(LIST, { token: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now()) });
  expect(asManager.body.errors).toBeUndefined();
  expect(asManager.body.data.customers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([toGlobalId('Customer', customers.mine)]);
  expect(asManager.body.data.customers.edges[0].node.riskScore).not.toBeNull();

  // The support agent's role reads every customer, the manager's role scores of one book only.
  const asCombined = await t.gql(LIST, { token: staffToken(t.config, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01', t.clock.now()) });
  const byId = new Map(asCombined.body.data.customers.edges.map((e: { node: { id: string } }) => [e.node.id, e.node]));
  expect(byId.size).toBe(2);
  expect((byId.get(toGlobalId('Customer', customers.mine)) as { riskScore: unknown }).riskScore).not.toBeNull();
  expect((byId.get(toGlobalId('Customer', customers.other)) as { riskScore: unknown }).riskScore).toBeNull();
  const refused = await t.gql(LIST, { token: staffToken(t.config, 'SUPPORT_AGENT', 'agent-01', t.clock.now()) });
  expect(refused.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain('FORBIDDEN');
  // The parts that are allowed still come, from the same statement.
  expect(refused.body.data.customers.edges.length).toBe(2);
  expect(refused.body.data.customers.edges.every((e: { node: { riskScore: unknown; accounts: unknown[] } }) => e.node.riskScore === null && e.node.accounts.length > 0)).toBe(true);
});

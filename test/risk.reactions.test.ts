// Risk in the requests of other modules: a complaint or a detractor's answer rescores the customer in the
// request that records it (the score read right after counts it, the history keeps the one before;
// praise and refused recordings rescore nothing), and the customers list filters by band and score.
import { toGlobalId } from '../src/domain/ids';
import { defaultModules } from '../src/modules';
import { rescore } from '../src/modules/risk/risk.scoring';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-01');
  admin = staffToken(t.config, 'ADMIN', undefined, t.clock.now());
  // The bank's active model counts complaints in 90 days (a model it trained and activated).
  await t.sql.query(`update risk_model set features = features || jsonb_build_array(jsonb_build_object(
      'name', 'feedback.complaints90d', 'transform', 'STANDARDISE', 'mean', 0, 'sd', 1, 'coefficient', 0.8,
      'format', 'NUMBER', 'labelEn', 'complaints in 90 days', 'labelZh', '90天内投诉次数'))
    where status = 'ACTIVE'`);
});
afterAll(async () => {
  await t?.close();
});

const READ = `query($id: ID!) { customer(id: $id) { riskScore { score band factors { feature value } }
  riskHistory(first: 10) { totalCount edges { node { score triggeredBy } } } } }`;
const read = async (id: string) => (await t.gql(READ, { token: admin, variables: { id } })).body.data.customer;
const record = (customerId: string, input: Record<string, unknown>) => t.gql(
  'mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id } userErrors { code } } }',
  { token: admin, variables: { input: { customerId, channel: 'PHONE', ...input } } },
);

it('a complaint changes the score in the same request; the history keeps the one before', async () => {
  const c = await createCustomer(t.sql, {});
  const id = toGlobalId('Customer', c.id);
  await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: [c.id] });
  const before = await read(id);
  expect(before.riskHistory.edges[0].node.triggeredBy).toBe('BATCH');

  t.clock.advance(60_000); // the new score is later than the batch's
  const res = await record(id, { kind: 'COMPLAINT', text: 'Charged twice again' });
  expect(res.body.data.recordFeedback.userErrors).toEqual([]);
  const after = await read(id);
  expect(after.riskHistory.edges[0].node.triggeredBy).toBe('EVENT:feedback.received');
  expect(after.riskScore.score).toBeGreaterThan(before.riskScore.score);
  expect(after.riskScore.factors.find((f: { feature: string }) => f.feature === 'feedback.complaints90d').value).toBe(1);
  expect(after.riskHistory.totalCount).toBe(before.riskHistory.totalCount + 1);
  expect(after.riskHistory.edges.map((e: { node: { score: number } }) => e.node.score)).toContain(before.riskScore.score);
});

it('a detractor\'s answer rescores; praise and a refused recording do not', async () => {
  const c = await createCustomer(t.sql, {});
  const id = toGlobalId('Customer', c.id);
  await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: [c.id] });
  const count = async () => (await read(id)).riskHistory.totalCount;
  const start = await count();
  await record(id, { kind: 'COMPLIMENT', nps: 10, text: 'Lovely staff' });
  expect(await count()).toBe(start);
  const refused = await record(id, { kind: 'COMPLAINT', nps: 11 });
  expect(refused.body.data.recordFeedback.userErrors).not.toEqual([]);
  expect(await count()).toBe(start);
  t.clock.advance(60_000);
  await record(id, { kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 4 });
  expect(await count()).toBe(start + 1);
  expect((await read(id)).riskHistory.edges[0].node.triggeredBy).toBe('EVENT:feedback.received');
});

describe('the customers list filtered by risk, over GraphQL', () => {
  const LIST = `query($filter: CustomerFilter) { customers(first: 100, filter: $filter) { edges { node { id riskScore { band score } } } } }`;
  const list = (token: string, contributed: { name: string; value: string }[]) => t.gql(LIST, { token, variables: { filter: { contributed } } });

  it('by band and by minimum score, for those who read scores; a support agent may not filter by them', async () => {
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await createCustomer(t.sql, {})).id);
    await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: keys });
    await t.sql.query(`update risk_current_score set band = 'CRITICAL', score = 0.9 where customer_id = $1`, [keys[0]]);
    const critical = await list(admin, [{ name: 'risk.band', value: 'CRITICAL' }]);
    expect(critical.body.errors).toBeUndefined();
    const nodes = critical.body.data.customers.edges.map((e: { node: { id: string; riskScore: { band: string } } }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id)).toContain(toGlobalId('Customer', keys[0]));
    expect(nodes.every((n: { riskScore: { band: string } }) => n.riskScore.band === 'CRITICAL')).toBe(true);
    const high = await list(admin, [{ name: 'risk.minScore', value: '0.85' }]);
    expect(high.body.data.customers.edges.every((e: { node: { riskScore: { score: number } } }) => e.node.riskScore.score >= 0.85)).toBe(true);
    expect(high.body.data.customers.edges.length).toBeGreaterThanOrEqual(1);
    const bad = await list(admin, [{ name: 'risk.minScore', value: 'lots' }]);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const support = await list(staffToken(t.config, 'SUPPORT_AGENT', undefined, t.clock.now()), [{ name: 'risk.band', value: 'CRITICAL' }]);
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

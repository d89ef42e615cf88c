// The customers list ordered by churn risk, an ordering risk contributes to the customers module: paged
// with a stable keyset through ties, unscored customers last in either direction, a relationship manager
// sees only their book, a support agent may not order by risk, and a page costs the same statements
// whatever its size.
import { toGlobalId } from '../src/domain/ids';
import { defaultModules } from '../src/modules';
import { rescore } from '../src/modules/risk/risk.scoring';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let admin: string;
let rm: StaffRow;
let rmToken: string;
const BANDS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const bandOf = (s: number) => (s >= 0.5 ? 'CRITICAL' : s >= 0.25 ? 'HIGH' : s >= 0.1 ? 'MEDIUM' : 'LOW');

/** Customers with these current scores (null: never scored), in the book of `rmId`. */
async function customersWithScores(scores: (number | null)[], rmId: string | null): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < scores.length; i++) keys.push((await createCustomer(t.sql, { rmId })).id);
  const scored = keys.filter((_, i) => scores[i] !== null);
  await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: scored });
  for (let i = 0; i < keys.length; i++) {
    if (scores[i] === null) continue;
    await t.sql.query('update risk_current_score set score = $2, band = $3 where customer_id = $1', [keys[i], scores[i], bandOf(scores[i]!)]);
  }
  return keys;
}

const LIST = `query($first: Int, $last: Int, $after: String, $before: String, $orderBy: CustomerOrder) {
  customers(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy) {
    edges { cursor node { id riskScore { score band } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

type Node = { id: string; riskScore: { score: number; band: string } | null };

/** Every customer of the list, walking pages of `size` forwards (or backwards from the end). */
async function walk(token: string, orderBy: Record<string, unknown>, size: number, backward = false): Promise<Node[]> {
  const out: Node[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const variables = backward ? { last: size, before: cursor, orderBy } : { first: size, after: cursor, orderBy };
    const res = await t.gql(LIST, { token, variables });
    expect(res.body.errors).toBeUndefined();
    const conn = res.body.data.customers;
    const nodes = conn.edges.map((e: { node: Node }) => e.node);
    if (backward) out.unshift(...nodes);
    else out.push(...nodes);
    const more = backward ? conn.pageInfo.hasPreviousPage : conn.pageInfo.hasNextPage;
    if (!more) return out;
    cursor = backward ? conn.pageInfo.startCursor : conn.pageInfo.endCursor;
  }
  throw new Error('the list did not end');
}

let book: { id: string; score: number | null }[];

beforeAll(async () => {
  t = await createTestApp();
  admin = staffToken(t.config, 'ADMIN', undefined, t.clock.now());
  rm = await createStaff(t.sql, 'rm-order');
  rmToken = staffToken(t.config, 'RELATIONSHIP_MANAGER', rm.subject, t.clock.now());
  const other = await createStaff(t.sql, 'rm-elsewhere');
  // Ties on purpose: three at 0.9, two at 0.5, four at 0.3; three never scored.
  const scores = [0.9, 0.3, 0.9, 0.5, null, 0.3, 0.05, 0.9, 0.3, null, 0.5, 0.1, 0.3, 0.05, null];
  const keys = await customersWithScores(scores, rm.id);
  book = keys.map((id, i) => ({ id: toGlobalId('Customer', id), score: scores[i] }));
  await customersWithScores([0.95, 0.6, 0.2, 0.01], other.id);
});
afterAll(async () => {
  await t?.close();
});

/**
 * The book in the order expected: by score in `direction`, ties by the customer's key the other way (the
 * way the score index reads), then the unscored by key.
 */
function expected(direction: 'ASC' | 'DESC') {
  const sign = direction === 'ASC' ? 1 : -1;
  const key = (gid: string) => Buffer.from(gid, 'base64url').toString().split(':')[1];
  const scored = book.filter((c) => c.score !== null)
    .sort((a, b) => (a.score !== b.score ? sign * (a.score! - b.score!) : -sign * key(a.id).localeCompare(key(b.id))));
  const unscored = book.filter((c) => c.score === null).sort((a, b) => key(a.id).localeCompare(key(b.id)));
  return [...scored, ...unscored].map((c) => c.id);
}

describe('ordering the customers list by risk score', () => {
  it('a relationship manager pages through their own book by score, through ties, without duplicates or gaps, unscored last', async () => {
    for (const size of [1, 2, 4, 5]) {
      const nodes = await walk(rmToken, { contributed: 'risk.score', direction: 'DESC' }, size);
      expect(nodes.map((n) => n.id)).toEqual(expected('DESC'));
      expect(nodes.slice(-3).every((n) => n.riskScore === null)).toBe(true);
      expect(nodes[0].riskScore!.score).toBe(0.9);
    }
  });

  it('walking backwards from the end gives the same order; ascending also keeps the unscored last', async () => {
    expect((await walk(rmToken, { contributed: 'risk.score', direction: 'DESC' }, 4, true)).map((n) => n.id)).toEqual(expected('DESC'));
    const asc = await walk(rmToken, { contributed: 'risk.score', direction: 'ASC' }, 3);
    expect(asc.map((n) => n.id)).toEqual(expected('ASC'));
    expect(asc[0].riskScore!.score).toBe(0.05);
    expect((await walk(rmToken, { contributed: 'risk.score', direction: 'ASC' }, 2, true)).map((n) => n.id)).toEqual(expected('ASC'));
  });

  it('an administrator sees every book; by band, the most severe band comes first, then by score', async () => {
    const all = await walk(admin, { contributed: 'risk.band', direction: 'DESC' }, 7);
    const scored = all.filter((n) => n.riskScore !== null);
    expect(all.length).toBe(19);
    expect(scored[0].riskScore).toEqual({ score: 0.95, band: 'CRITICAL' });
    for (let i = 1; i < scored.length; i++) {
      const [a, b] = [scored[i - 1].riskScore!, scored[i].riskScore!];
      const rank = BANDS.indexOf(a.band) - BANDS.indexOf(b.band);
      expect(rank > 0 || (rank === 0 && a.score >= b.score)).toBe(true);
    }
    expect(all.slice(scored.length).every((n) => n.riskScore === null)).toBe(true);
  });

  it('a support agent may not order by risk (FORBIDDEN), though they may list customers by name', async () => {
    const support = staffToken(t.config, 'SUPPORT_AGENT', undefined, t.clock.now());
    const refused = await t.gql(LIST, { token: support, variables: { first: 5, orderBy: { contributed: 'risk.score', direction: 'DESC' } } });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.body.data?.customers ?? null).toBeNull();
    const byName = await t.gql(LIST.replace('riskScore { score band }', ''), { token: support, variables: { first: 5, orderBy: { field: 'NAME' } } });
    expect(byName.body.errors).toBeUndefined();
    expect(byName.body.data.customers.edges).toHaveLength(5);
  });

  it('an unknown ordering, both field and ordering, or a tampered cursor are the caller\'s mistakes', async () => {
    const ask = (variables: Record<string, unknown>) => t.gql(LIST, { token: admin, variables });
    for (const variables of [
      { first: 2, orderBy: { contributed: 'risk.nothing' } },
      { first: 2, orderBy: { contributed: 'risk.score', field: 'NAME' } },
      { first: 2, orderBy: { direction: 'DESC' } },
      { first: 2, orderBy: { contributed: 'x'.repeat(101) } },
      { first: 2, after: Buffer.from(JSON.stringify(['lots', 'x'])).toString('base64url'), orderBy: { contributed: 'risk.score' } },
      { first: 2, after: Buffer.from(JSON.stringify([null, 'not-a-uuid'])).toString('base64url'), orderBy: { contributed: 'risk.score' } },
      { first: 2, after: Buffer.from(JSON.stringify(['0.5'])).toString('base64url'), orderBy: { contributed: 'risk.band' } },
    ]) {
      const res = await ask(variables);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('a page of 50 customers ordered by score, with their scores and factors, costs a constant number of statements', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 60; i++) keys.push((await createCustomer(t.sql, {})).id);
    await rescore(t.orm.em.fork().getKnex(), defaultModules, { asOf: t.clock.now(), triggeredBy: 'BATCH', customerKeys: keys });
    const q = (first: number, orderBy: Record<string, unknown>) => `{ customers(first: ${first}, orderBy: { ${Object.entries(orderBy).map(([k, v]) => `${k}: ${v}`).join(', ')} }) {
      edges { node { id riskScore { score band factors { feature contribution } } } } } }`;
    const run = (first: number, orderBy: Record<string, unknown>) => countStatements(() => t.gql(q(first, orderBy), { token: admin }));
    const fifty = await run(50, { contributed: '"risk.score"', direction: 'DESC' });
    const five = await run(5, { contributed: '"risk.score"', direction: 'DESC' });
    const byName = await run(50, { field: 'NAME' });
    expect(fifty.result.body.errors).toBeUndefined();
    const scores = fifty.result.body.data.customers.edges.map((e: { node: Node }) => e.node.riskScore!.score);
    expect(scores).toHaveLength(50);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(fifty.statements.length).toBe(five.statements.length);
    expect(fifty.statements.length).toBe(byName.statements.length);
    expect(fifty.statements.length).toBeLessThanOrEqual(3);
    // The page where the scored customers end and the unscored begin reads both parts: one statement more.
    const page = (first: number) => countStatements(() => t.gql(LIST, { token: rmToken, variables: { first, orderBy: { contributed: 'risk.score', direction: 'DESC' } } }));
    const within = await page(5);
    const across = await page(20);
    expect(across.result.body.data.customers.edges).toHaveLength(15);
    expect(across.statements.length - within.statements.length).toBe(1);
  });
});

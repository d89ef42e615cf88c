// What makes Keel fast must not make it wrong: the dashboard list and the detail page cost a constant
// number of SQL statements whatever the page size and the data size; a staff token remembered for its
// lifetime is still refused once expired; a partner token revoked is refused on the very next request.
import pg from 'pg';
import { generateDataset } from '../bench/dataset';
import { seedIfEmpty } from '../src/db/seed';
import { toGlobalId } from '../src/graphql/relay';
import { ConfigError } from '../src/config';
import { createTestApp, testConfig, type TestApp } from './support/app';
import { createPartnerToken } from './support/partners';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
const TODAY = new Date('2026-11-01T00:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-02T09:00:00Z');
  // The demo bank's staff, active risk model and segments, then generated customers with everything they own.
  await seedIfEmpty(t.db.ownerUrl, { size: 20, pii: t.config.pii, today: TODAY });
  await grow(120);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

let generated = 0;
async function grow(to: number): Promise<void> {
  const client = new pg.Client({ connectionString: t.db.ownerUrl });
  await client.connect();
  try {
    await generateDataset(client, to, TODAY, () => undefined, generated + 1);
    generated = to;
  } finally {
    await client.end();
  }
}

const LIST = `query($first: Int!, $orderBy: CustomerOrder, $filter: CustomerFilter) {
  customers(first: $first, orderBy: $orderBy, filter: $filter) {
    edges { node { id displayName totalDeposits { amount currency } segments { id name }
      riskScore { score band factors { feature contribution reason } } loyaltyAccount { tier pointsBalance }
      accounts { id type } relationshipManager { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const DETAIL = `query($id: ID!) {
  customer(id: $id) {
    id displayName accounts { id balance { amount } } activity(last: 12) { month transactionCount }
    riskHistory(first: 10) { edges { node { score factors { feature } } } }
    feedback(first: 5) { edges { node { id kind } } }
    loyaltyAccount { tier pointsBalance }
  }
}`;

const analyst = () => staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now());

async function statementsFor(query: string, variables: Record<string, unknown>) {
  const { result, statements } = await countStatements(() => t.gql(query, { token: analyst(), variables }));
  expect(result.body.errors).toBeUndefined();
  return { body: result.body, count: statements.length, statements };
}

async function listCounts(): Promise<number[]> {
  const counts: number[] = [];
  for (const first of [5, 50]) {
    for (const orderBy of [{ field: 'NAME', direction: 'ASC' }, { field: 'TOTAL_DEPOSITS', direction: 'DESC' }]) {
      const r = await statementsFor(LIST, { first, orderBy, filter: { status_in: ['ACTIVE'] } });
      expect(r.body.data.customers.edges).toHaveLength(first);
      // The page really carries the nested data whose statements are counted.
      expect(r.body.data.customers.edges.some((e: { node: { riskScore: unknown } }) => e.node.riskScore !== null)).toBe(true);
      expect(r.body.data.customers.edges.some((e: { node: { segments: unknown[] } }) => e.node.segments.length > 0)).toBe(true);
      counts.push(r.count);
    }
  }
  return counts;
}

async function detailCounts(): Promise<number[]> {
  const keys = (await t.sql.query(`select md5('bench:c:' || i)::uuid::text as k from generate_series(1, 3) i`)).rows.map((r) => r.k as string);
  const counts: number[] = [];
  for (const key of keys) {
    const r = await statementsFor(DETAIL, { id: toGlobalId('Customer', key) });
    expect(r.body.data.customer.activity).toHaveLength(12);
    expect(r.body.data.customer.riskHistory.edges).toHaveLength(10);
    counts.push(r.count);
  }
  return counts;
}

describe('SQL statements per request', () => {
  it('are constants for the dashboard list and the detail page, at two page sizes and two data sizes', async () => {
    const listSmall = await listCounts();
    const detailSmall = await detailCounts();
    await grow(400);
    const listLarge = await listCounts();
    const detailLarge = await detailCounts();

    // One statement for the page, then one for its whole nested level: segments, risk score, loyalty
    // account, accounts and relationship manager, read by four modules, never one per customer or module.
    expect(new Set([...listSmall, ...listLarge])).toEqual(new Set([2]));
    // The customer, then one for accounts, activity, scores, feedback and loyalty together.
    expect(new Set([...detailSmall, ...detailLarge])).toEqual(new Set([2]));
  }, 120_000);

  it('send the same SQL text for a page of 5 and a page of 50 (one plan, whatever the page size)', async () => {
    const texts = async (first: number) =>
      (await statementsFor(LIST, { first, orderBy: { field: 'NAME', direction: 'ASC' } })).statements.filter((s) => /from "account"|from "customer" as "c" where c\.id/.test(s));
    const five = await texts(5);
    expect(five.length).toBeGreaterThan(0);
    expect(await texts(50)).toEqual(five);
  });
});

describe('a staff token remembered for its lifetime', () => {
  const VIEWER = '{ customers(first: 1) { edges { node { id } } } }';

  it('is refused once expired, although it was accepted (and remembered) before', async () => {
    const token = staffToken(t.config, 'RETENTION_ANALYST', 'analyst-09', t.clock.now()); // one hour
    for (let i = 0; i < 3; i++) expect((await t.gql(VIEWER, { token })).body.errors).toBeUndefined();

    t.clock.advance(3600_000 + (t.config.jwt.clockToleranceSeconds + 1) * 1000);
    const res = await t.gql(VIEWER, { token });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // And stays refused.
    expect((await t.gql(VIEWER, { token })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is accepted up to its expiry within the clock tolerance, like a token verified afresh', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const token = staffToken(t.config, 'RETENTION_ANALYST', 'analyst-10', t.clock.now());
    expect((await t.gql(VIEWER, { token })).body.errors).toBeUndefined();
    t.clock.advance(3600_000 + (t.config.jwt.clockToleranceSeconds - 1) * 1000);
    expect((await t.gql(VIEWER, { token })).body.errors).toBeUndefined();
  });

  it('does not make a token with a wrong signature acceptable, even one that differs only there', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const token = staffToken(t.config, 'RETENTION_ANALYST', 'analyst-11', t.clock.now());
    expect((await t.gql(VIEWER, { token })).body.errors).toBeUndefined();
    const [h, p, s] = token.split('.');
    const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await t.gql(VIEWER, { token: forged })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('a partner token', () => {
  it('revoked is refused on the next request', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const p = await createPartnerToken(t, ['customers:read'], { via: 'api' });
    const q = '{ customers(first: 1) { edges { node { id } } } }';
    for (let i = 0; i < 3; i++) expect((await t.gql(q, { token: p.token })).body.errors).toBeUndefined();
    const revoked = await t.gql('mutation($input: RevokeApiClientInput!) { revokeApiClient(input: $input) { userErrors { code } } }', {
      token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()),
      variables: { input: { id: p.id } },
    });
    expect(revoked.body.data.revokeApiClient.userErrors).toEqual([]);
    const res = await t.gql(q, { token: p.token });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('hot reads as prepared statements', () => {
  it('name a read sent again (parsed once per connection), never one that selects *, and answer the same', async () => {
    const sent: { text: string; name?: string }[] = [];
    const original = pg.Client.prototype.query;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (pg.Client.prototype as any).query = function spy(this: pg.Client, ...args: any[]) {
      const c = args[0];
      if (c && typeof c === 'object' && typeof c.text === 'string') sent.push({ text: c.text, name: c.name });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    const key = (await t.sql.query(`select md5('bench:c:7')::uuid::text as k`)).rows[0].k as string;
    const answers: unknown[] = [];
    try {
      for (let i = 0; i < 3; i++) answers.push((await t.gql(DETAIL, { token: analyst(), variables: { id: toGlobalId('Customer', key) } })).body.data);
    } finally {
      pg.Client.prototype.query = original;
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const customerReads = sent.filter((s) => /from "customer" as "c" where c\.id = any/.test(s.text));
    expect(customerReads.length).toBe(3);
    expect(customerReads[2].name).toMatch(/^keel_[0-9a-f]{24}$/);
    const activityReads = sent.filter((s) => /from activity_snapshot x/.test(s.text));
    expect(activityReads.length).toBe(3);
    expect(activityReads[2].name).toMatch(/^keel_[0-9a-f]{24}$/);
    for (const s of sent) if (/(^|[\s,(."])\*($|[\s,)])/.test(s.text)) expect(s.name).toBeUndefined();
    for (const s of sent) if (/^\s*(insert|update|delete)/i.test(s.text)) expect(s.name).toBeUndefined();
    for (const s of sent) if (/\b(insert\s+into|update\s+\S+\s+set|delete\s+from)\b/i.test(s.text)) expect(s.name).toBeUndefined();
  });
});

describe('DB_PREPARE_STATEMENTS', () => {
  it('is true or false, nothing else', () => {
    expect(testConfig().runtime.dbPrepareStatements).toBe(true);
    expect(testConfig({ DB_PREPARE_STATEMENTS: 'false' }).runtime.dbPrepareStatements).toBe(false);
    expect(() => testConfig({ DB_PREPARE_STATEMENTS: 'sometimes' })).toThrow(ConfigError);
  });

  it('false: no statement is named, however often it is sent', async () => {
    const other = await createTestApp({ env: { DB_PREPARE_STATEMENTS: 'false' }, database: t.db, ownsDatabase: false });
    const names: (string | undefined)[] = [];
    const original = pg.Client.prototype.query;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (pg.Client.prototype as any).query = function spy(this: pg.Client, ...args: any[]) {
      if (args[0] && typeof args[0] === 'object') names.push(args[0].name);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    try {
      const token = staffToken(other.config, 'RETENTION_ANALYST', 'analyst-01', other.clock.now());
      for (let i = 0; i < 3; i++) expect((await other.gql(LIST, { token, variables: { first: 5 } })).body.errors).toBeUndefined();
    } finally {
      pg.Client.prototype.query = original;
      await other.close();
    }
    expect(names.length).toBeGreaterThanOrEqual(6); // 3 requests × (the page + its nested level)
    expect(names.filter((n) => n !== undefined)).toEqual([]);
  });
});

describe('a document already priced', () => {
  it('is priced again for other variables: the same text, cheap then too costly then cheap', async () => {
    const other = await createTestApp({ env: { MAX_QUERY_COST: '300' }, database: t.db, ownsDatabase: false });
    try {
      const token = staffToken(other.config, 'RETENTION_ANALYST', 'analyst-01', other.clock.now());
      const q = 'query($n: Int!) { customers(first: $n) { edges { node { id accounts { id } segments { id } } } } }';
      const cheap = await other.gql(q, { token, variables: { n: 2 } });
      expect(cheap.body.errors).toBeUndefined();
      const costly = await other.gql(q, { token, variables: { n: 100 } });
      expect(costly.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(costly.body.extensions.cost.requested).toBeGreaterThan(300);
      const again = await other.gql(q, { token, variables: { n: 2 } });
      expect(again.body.errors).toBeUndefined();
      expect(again.body.extensions.cost.requested).toBe(cheap.body.extensions.cost.requested);
    } finally {
      await other.close();
    }
  });

  it('is checked again when it carries a bad literal: a refusal is never remembered', async () => {
    const token = analyst();
    const q = '{ customers(first: 1, filter: { search: "a\\u0000b" }) { edges { node { id } } } }';
    for (let i = 0; i < 2; i++) expect((await t.gql(q, { token })).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

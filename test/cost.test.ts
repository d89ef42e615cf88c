// Query cost before execution, extensions.cost on every response, and rate limits per caller.
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from './support/app';
import { createAccount, createCustomer } from './support/factories';
import { countStatements } from './support/sql-counter';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('query cost', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_QUERY_COST: '600' } });
    admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const c = await createCustomer(t.sql);
    await createAccount(t.sql, c.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['a scalar root field', '{ viewer { kind } }', 1],
    ['a connection: 1 + page size × each edge', '{ customers(first: 50) { edges { node { id } } } }', 51],
    ['totalCount counts', '{ customers(first: 50) { totalCount edges { node { id } } } }', 52],
    ['nested lists multiply', '{ customers(first: 50) { edges { node { accounts { id } } } } }', 551],
    ['the default page size is 20', '{ customers { edges { node { id relationshipManager { name } } } } }', 41],
    ['variables decide the page size', 'query($n: Int) { customers(first: $n) { edges { node { id } } } }', 6],
  ])('%s', async (_what, query, expected) => {
    const res = await t.gql(query, { token: admin, variables: { n: 5 } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions.cost.requested).toBe(expected);
    expect(res.body.extensions.cost.maximum).toBe(600);
  });

  it('refuses an operation over the maximum before any SQL', async () => {
    const query = '{ customers(first: 100) { edges { node { accounts { id } } } } }'; // 1 + 100 × 11
    const { result, statements } = await countStatements(() => t.gql(query, { token: admin }));
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.body.errors[0].message).toMatch(/cost 1101 exceeds the maximum of 600/);
    expect(result.body.extensions.cost.requested).toBe(1101);
    expect(statements).toEqual([]);
  });

  it('refuses an over-cost query with a valid partner token with no SQL statement after authentication', async () => {
    const partner = await createPartnerToken(t, ['customers:read']);
    const query = '{ customers(first: 100) { edges { node { accounts { id } } } } }';
    const { result, statements } = await countStatements(() => t.gql(query, { token: partner.token }));
    expect(result.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    // Authentication looks the client up (and may note its last use); nothing else runs.
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements.every((s) => /api_client/.test(s))).toBe(true);
  });

  it('puts extensions.cost on every response, errors included', async () => {
    for (const [query, token] of [
      ['{ customers { totalCount } }', undefined],
      ['{ customers { totalCount } }', admin],
      ['{ nope }', admin],
      ['{ customer(id: "x") { id } }', admin],
    ] as const) {
      const res = await t.gql(query, { token });
      expect(res.body.extensions?.cost).toEqual(expect.objectContaining({ requested: expect.any(Number), maximum: 600 }));
    }
  });
});

describe('rate limits', () => {
  const query = '{ customers(first: 10) { edges { node { id } } } }'; // costs 11

  it('refuse a caller whose budget is spent, with a retry-after, until the window starts over', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_STAFF_POINTS: '30', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    try {
      t.clock.set('2026-03-01T10:00:00Z');
      const token = staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', t.clock.now());
      const first = await t.gql(query, { token });
      expect(first.body.extensions.cost).toMatchObject({ requested: 11, budget: 30, remaining: 19 });
      expect((await t.gql(query, { token })).body.extensions.cost.remaining).toBe(8);
      const refused = await t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query });
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(refused.body.errors[0].extensions.retryAfterSeconds).toBe(60);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.body.data).toBeUndefined();
      // Another caller has their own budget.
      const other = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
      expect((await t.gql(query, { token: other })).body.errors).toBeUndefined();
      // The next window starts over.
      t.clock.advance(60_000);
      expect((await t.gql(query, { token })).body.errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('two app instances sharing Redis share one budget', async () => {
    const env = {
      RATE_LIMIT_STAFF_POINTS: '30',
      REDIS_URL,
      REDIS_KEY_PREFIX: `keel-test-${randomBytes(6).toString('hex')}:`,
    };
    const a = await createTestApp({ env });
    const b = await createTestApp({ env, database: a.db, clock: a.clock });
    try {
      const token = staffToken(a.config, 'ADMIN', 'admin-01', a.clock.now());
      expect((await a.gql(query, { token })).body.extensions.cost.remaining).toBe(19);
      expect((await b.gql(query, { token })).body.extensions.cost.remaining).toBe(8);
      const refused = await a.gql(query, { token });
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');

      // Requests racing on both instances never overspend: 30 points buy exactly two.
      const racer = staffToken(a.config, 'SUPPORT_AGENT', 'support-01', a.clock.now());
      const results = await Promise.all([a, b, a, b, a, b].map((app) => app.gql(query, { token: racer })));
      const ok = results.filter((r) => !r.body.errors).length;
      const limited = results.filter((r) => r.body.errors?.[0].extensions.code === 'RATE_LIMITED').length;
      expect([ok, limited]).toEqual([2, 4]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

it('a query refused for its depth or aliases spends nothing from the budget', async () => {
  const t = await createTestApp({ env: { RATE_LIMIT_STAFF_POINTS: '100', MAX_QUERY_DEPTH: '4', MAX_QUERY_ALIASES: '2' } });
  try {
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const deep = await t.gql('{ customers(first: 50) { edges { node { accounts { balance { amount } } } } } }', { token });
    expect(deep.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const aliased = await t.gql('{ a: viewer { kind } b: viewer { kind } c: viewer { kind } }', { token });
    expect(aliased.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const ok = await t.gql('{ viewer { kind } }', { token });
    expect(ok.body.extensions.cost).toMatchObject({ requested: 1, remaining: 99 });
  } finally {
    await t.close();
  }
});

it('a partner client with its own budget is held to it', async () => {
  const t = await createTestApp();
  try {
    const admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const created = await t.gql(
      'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { token apiClient { rateLimitPoints } userErrors { field code } } }',
      { token: admin, variables: { input: { name: 'Small feed', scopes: ['customers:read'], rateLimitPoints: 25 } } },
    );
    expect(created.body.data.createApiClient.apiClient.rateLimitPoints).toBe(25);
    const token = created.body.data.createApiClient.token;
    const query = '{ customers(first: 10) { edges { node { id } } } }'; // costs 11
    expect((await t.gql(query, { token })).body.extensions.cost).toMatchObject({ budget: 25, remaining: 14 });
    expect((await t.gql(query, { token })).body.extensions.cost.remaining).toBe(3);
    expect((await t.gql(query, { token })).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    const invalid = await t.gql(
      'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { userErrors { field code } } }',
      { token: admin, variables: { input: { name: 'Zero', scopes: ['customers:read'], rateLimitPoints: 0 } } },
    );
    expect(invalid.body.data.createApiClient.userErrors[0].field).toEqual(['input', 'rateLimitPoints']);
  } finally {
    await t.close();
  }
});

it('a mutation costs ten plus one per item it carries', async () => {
  const t = await createTestApp();
  try {
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const items = Array.from({ length: 3 }, (_, i) => ({ currency: ['USD', 'GBP', 'CHF'][i], rate: '1.1', asOf: '2026-01-01T00:00:00Z' }));
    const res = await t.gql('mutation($input: UpsertFxRatesInput!) { upsertFxRates(input: $input) { applied } }', { token, variables: { input: { items } } });
    expect(res.body.extensions.cost.requested).toBe(10 + 3 + 1); // the write, its items, the payload object
  } finally {
    await t.close();
  }
});

it('two app instances sharing Redis share one partner client\'s budget', async () => {
  const env = { RATE_LIMIT_PARTNER_POINTS: '30', REDIS_URL, REDIS_KEY_PREFIX: `keel-test-${randomBytes(6).toString('hex')}:` };
  const a = await createTestApp({ env });
  const b = await createTestApp({ env, database: a.db, clock: a.clock });
  try {
    const partner = await createPartnerToken(a, ['customers:read']);
    const query = '{ customers(first: 10) { edges { node { id } } } }'; // costs 11
    expect((await a.gql(query, { token: partner.token })).body.extensions.cost).toMatchObject({ budget: 30, remaining: 19 });
    expect((await b.gql(query, { token: partner.token })).body.extensions.cost.remaining).toBe(8);
    const refused = await b.gql(query, { token: partner.token });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  } finally {
    await b.close();
    await a.close();
  }
});

describe('cost cannot be dodged with fragments or variable defaults', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_QUERY_COST: '600' } });
    token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  });
  afterAll(async () => {
    await t?.close();
  });
  const cost = async (query: string, variables?: Record<string, unknown>) => (await t.gql(query, { token, variables })).body.extensions.cost.requested;

  it('edges selected through a fragment or an inline fragment count', async () => {
    const direct = await cost('{ customers(first: 50) { edges { node { accounts { id } } } } }');
    expect(direct).toBe(551);
    expect(await cost('fragment C on CustomerConnection { edges { node { accounts { id } } } } { customers(first: 50) { ...C } }')).toBe(direct);
    expect(await cost('{ customers(first: 50) { ... on CustomerConnection { edges { node { accounts { id } } } } } }')).toBe(direct);
  });

  it('a mutation field inside a fragment costs what it costs written directly', async () => {
    const items = [{ currency: 'USD', rate: '1.1', asOf: '2026-01-01T00:00:00Z' }, { currency: 'GBP', rate: '1.2', asOf: '2026-01-01T00:00:00Z' }];
    const direct = await cost('mutation($input: UpsertFxRatesInput!) { upsertFxRates(input: $input) { applied } }', { input: { items } });
    expect(direct).toBe(13);
    expect(await cost('mutation($input: UpsertFxRatesInput!) { ...M } fragment M on Mutation { upsertFxRates(input: $input) { applied } }', { input: { items } })).toBe(direct);
    expect(await cost('mutation($input: UpsertFxRatesInput!) { ... on Mutation { upsertFxRates(input: $input) { applied } } }', { input: { items } })).toBe(direct);
  });

  it('a variable default is priced like the literal', async () => {
    const res = await t.gql('query($n: Int = 100) { customers(first: $n) { edges { node { accounts { id } } } } }', { token });
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.extensions.cost.requested).toBe(1101);
  });
});

it('callers without credentials share a small budget per address', async () => {
  const t = await createTestApp({ env: { RATE_LIMIT_ANONYMOUS_POINTS: '3' } });
  try {
    const first = await t.gql('{ viewer { kind } }');
    expect(first.body.extensions.cost).toMatchObject({ requested: 1, budget: 3, remaining: 2 });
    await t.gql('{ viewer { kind } }');
    await t.gql('{ viewer { kind } }');
    const refused = await t.gql('{ viewer { kind } }');
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // A staff member from the same address has a budget of their own.
    const staff = await t.gql('{ viewer { kind } }', { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()) });
    expect(staff.body.data.viewer.kind).toBe('staff');
  } finally {
    await t.close();
  }
});

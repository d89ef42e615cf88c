// Client input the platform refuses as the caller's mistake (BAD_USER_INPUT, never an internal error,
// never an error in the log): tampered cursors, NUL and ill-formed Unicode, overlong lists, and
// operations Keel does not serve.
import { randomUUID } from 'node:crypto';
import { encodeCursor, MAX_PAGE_SIZE } from '../src/graphql/relay';
import { MAX_LIST_ITEMS } from '../src/graphql/validate';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
let admin: string;
let customerId: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const res = await t.gql('{ customers(first: 1) { edges { node { id } } } }', { token: admin });
  customerId = res.body.data.customers.edges[0]?.node.id;
  if (!customerId) {
    await createCustomer(t.sql);
    customerId = (await t.gql('{ customers(first: 1) { edges { node { id } } } }', { token: admin })).body.data.customers.edges[0].node.id;
  }
});
afterAll(async () => {
  await t?.close();
});

function expectBadInput(res: { status: number; body: { errors?: { extensions: { code: string } }[] } }): void {
  expect(res.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
}

function errorLinesSince(start: number): string[] {
  return t.logs.slice(start).filter((l) => l.includes('"level":"error"') || l.includes('"level":50'));
}

const uuid = randomUUID();
const cursors: [string, string, unknown[]][] = [
  ['customers by name', 'query($c: String) { customers(after: $c) { edges { cursor } } }', ['a', 'b', 'not-a-uuid']],
  ['customers by name (numbers)', 'query($c: String) { customers(after: $c) { edges { cursor } } }', [1, 2, uuid]],
  ['customers by name (NUL)', 'query($c: String) { customers(after: $c) { edges { cursor } } }', ['a\u0000', 'b', uuid]],
  ['customers by name (null)', 'query($c: String) { customers(before: $c) { edges { cursor } } }', [null, null, null]],
  ['customers by joining date', 'query($c: String) { customers(after: $c, orderBy: { field: JOINED_AT, direction: ASC }) { edges { cursor } } }', ['notadate', uuid]],
  ['customers by joining date (year 0)', 'query($c: String) { customers(after: $c, orderBy: { field: JOINED_AT, direction: ASC }) { edges { cursor } } }', ['0000-01-01T00:00:00.000Z', uuid]],
  ['customers by deposits', 'query($c: String) { customers(after: $c, orderBy: { field: TOTAL_DEPOSITS, direction: DESC }) { edges { cursor } } }', ['12.5', uuid]],
  ['customers by deposits (huge)', 'query($c: String) { customers(after: $c, orderBy: { field: TOTAL_DEPOSITS, direction: DESC }) { edges { cursor } } }', ['99999999999999999999999', uuid]],
  ['audit events', 'query($c: String) { auditEvents(after: $c) { edges { cursor } } }', ['notadate', uuid]],
  ['audit events (bad id)', 'query($c: String) { auditEvents(before: $c) { edges { cursor } } }', [new Date().toISOString(), 'not-a-uuid']],
  ['offboarding cases', 'query($c: String) { offboardingCases(after: $c) { edges { cursor } } }', ['notadate', uuid]],
  ['offboarding cases (bad id)', 'query($c: String) { offboardingCases(after: $c) { edges { cursor } } }', [new Date().toISOString(), 'x']],
  ['api clients', 'query($c: String) { apiClients(after: $c) { edges { cursor } } }', ['notadate', uuid]],
];

describe('tampered cursors', () => {
  it.each(cursors)('%s', async (_what, query, values) => {
    const start = t.logs.length;
    const res = await t.gql(query, { token: admin, variables: { c: encodeCursor(values) } });
    expectBadInput(res);
    expect(errorLinesSince(start)).toEqual([]);
  });

  it('cursors that a list gave out still page', async () => {
    for (const query of [cursors[0][1], cursors[4][1], cursors[6][1], cursors[8][1], cursors[10][1]]) {
      const first = await t.gql(query.replace('(after: $c', '(first: 1, after: $c'), { token: admin, variables: { c: null } });
      expect(first.body.errors).toBeUndefined();
      const data = Object.values(first.body.data)[0] as { edges: { cursor: string }[] };
      if (!data.edges.length) continue;
      const next = await t.gql(query, { token: admin, variables: { c: data.edges[0].cursor } });
      expect(next.body.errors).toBeUndefined();
    }
    expect(MAX_PAGE_SIZE).toBe(100);
  });
});

describe('strings', () => {
  it('a NUL byte in search, in a variable or in the document', async () => {
    const start = t.logs.length;
    expectBadInput(await t.gql('query($s: String) { customers(filter: { search: $s }) { edges { cursor } } }', { token: admin, variables: { s: 'Ann\u0000' } }));
    const literal = await t.gql('{ customers(filter: { search: "Ann\\u0000" }) { edges { cursor } } }', { token: admin });
    expect(literal.status).toBe(400);
    expect(['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED']).toContain(literal.body.errors[0].extensions.code);
    expect(errorLinesSince(start)).toEqual([]);
  });

  it('a NUL byte in any string of a mutation input', async () => {
    const res = await t.gql('mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { userErrors { message } } }', {
      token: admin,
      variables: { i: { id: customerId, version: 1, region: 'North\u0000' } },
    });
    expectBadInput(res);
  });

  it('a lone UTF-16 surrogate in an email', async () => {
    const start = t.logs.length;
    const res = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', 'application/json')
      .send(`{"query":"mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { userErrors { message } } }","variables":{"i":{"id":"${customerId}","version":1,"email":"a\\ud800@example.com"}}}`);
    expectBadInput(res);
    const search = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', 'application/json')
      .send('{"query":"query($s: String) { customers(filter: { search: $s }) { edges { cursor } } }","variables":{"s":"\\udc00x"}}');
    expectBadInput(search);
    expect(errorLinesSince(start)).toEqual([]);
  });

  it('a well-formed pair of surrogates (an emoji) is fine', async () => {
    const res = await t.gql('query($s: String) { customers(filter: { search: $s }) { edges { cursor } } }', { token: admin, variables: { s: 'Ann \u{1F600}' } });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('lists', () => {
  it(`an enum list of 70,000 items is refused (lists take at most ${MAX_LIST_ITEMS} items)`, async () => {
    const start = t.logs.length;
    const res = await t.gql('query($s: [CustomerStatus!]) { customers(filter: { status_in: $s }) { edges { cursor } } }', {
      token: admin,
      variables: { s: Array.from({ length: 70_000 }, () => 'ACTIVE') },
    });
    expectBadInput(res);
    expect(res.body.errors[0].message).toMatch(/70000 items/);
    expect(errorLinesSince(start)).toEqual([]);
  });

  it('a list at the cap is accepted', async () => {
    const res = await t.gql('query($s: [CustomerStatus!]) { customers(filter: { status_in: $s }) { edges { cursor } } }', {
      token: admin,
      variables: { s: Array.from({ length: MAX_LIST_ITEMS }, () => 'ACTIVE') },
    });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('operations Keel does not serve', () => {
  it.each(['subscription { __typename }', 'subscription S { customers { totalCount } }'])('%s is BAD_REQUEST', async (query) => {
    const start = t.logs.length;
    const res = await t.gql(query, { token: admin });
    expect(res.status).toBe(400);
    expect(['BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED']).toContain(res.body.errors[0].extensions.code);
    expect(res.body.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(errorLinesSince(start)).toEqual([]);
  });
});

describe('found by the fuzz test', () => {
  it('an Int variable of 1e308 is BAD_USER_INPUT, not a 500', async () => {
    const res = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', 'application/json')
      .send('{"query":"query($n: Int) { customers(last: $n) { totalCount } }","variables":{"n":1.7976931348623151e+308}}');
    expect(res.status).toBe(400);
    expectBadInput(res);
  });

  it('a persisted-query extension is refused with its own code, not masked', async () => {
    for (const version of [1, 2]) {
      const res = await t.http.post('/graphql').send({ query: '{ __typename }', extensions: { persistedQuery: { version, sha256Hash: 'x' } } });
      expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    }
  });

  it('OPTIONS /graphql lists every method it serves', async () => {
    const res = await t.http.options('/graphql');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, POST, OPTIONS');
  });
});

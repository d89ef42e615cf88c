// Limits that bound the work on any document, operation resolution mistakes, and budget gaps.
import { getIntrospectionQuery } from 'graphql';
import { createTestApp, type TestApp } from './support/app';
import { staffToken } from './support/tokens';

/** `fragment Fi on Query { ...Fi+1 ...Fi+1 }`: 2^levels selections from about a kilobyte. */
export function fragmentBomb(levels: number): string {
  let s = '{ ...F0 }\n';
  for (let i = 0; i < levels; i++) s += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `${s}fragment F${levels} on Query { __typename }`;
}

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

describe('work on a document is bounded by counts before any analysis', () => {
  it('refuses the 30-level fragment bomb by a count limit while /health/live answers', async () => {
    const bomb = fragmentBomb(30);
    expect(bomb.length).toBeLessThan(1500);
    const [refused, live] = await Promise.all([t.gql(bomb), t.http.get('/health/live')]);
    expect(live.status).toBe(200);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(['fragmentSpreads', 'selections']).toContain(refused.body.errors[0].extensions.limit);
  });

  it('counts expanded selections with fragments reused in width (few spreads, many selections)', async () => {
    // 12 fragments, each selecting the next one 8 times: few spreads, 8^12 selections once expanded.
    let doc = '{ ...F0 }\n';
    for (let i = 0; i < 12; i++) doc += `fragment F${i} on Query { ${Array.from({ length: 8 }, () => `...F${i + 1}`).join(' ')} }\n`;
    doc += 'fragment F12 on Query { __typename }';
    const res = await t.gql(doc, { token: admin });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'selections' });
  });

  it('refuses too many tokens at parse time', async () => {
    const res = await t.gql(`{ ${'__typename '.repeat(60_000)} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
  });

  it.each([1_000, 5_000, 30_000])('refuses a document nested %i levels with the depth limit, not a stack overflow', async (levels) => {
    const res = await t.gql(`{ ${'viewer { '.repeat(levels)} kind ${'} '.repeat(levels)} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(JSON.stringify(res.body)).not.toMatch(/call stack/i);
  });

  it('refuses deeply nested list values too', async () => {
    const res = await t.gql(`{ nodes(ids: ${'['.repeat(5_000)}"x"${']'.repeat(5_000)}) { id } }`, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it('says which limit refused an over-deep or over-aliased operation', async () => {
    const deep = await t.gql(`{ customers { edges { node { ${'offboardingCases { customer { '.repeat(5)} id ${'} } '.repeat(5)} } } } }`, { token: admin });
    expect(deep.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    const aliases = await t.gql(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`, { token: admin });
    expect(aliases.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
  });

  it('still serves ordinary documents with fragments', async () => {
    const res = await t.gql('fragment V on Viewer { kind } fragment Q on Query { viewer { ...V } } { ...Q ...Q }', { token: admin });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.viewer.kind).toBe('staff');
  });
});

describe('operation resolution mistakes are the caller\'s', () => {
  it.each([
    ['an unknown operationName', 'query A { __typename }', 'B'],
    ['an operationName for an anonymous document', '{ __typename }', 'A'],
    ['several operations and no name', 'query A { __typename } query B { __typename }', undefined],
    ['an empty operationName with several operations', 'query A { __typename } query B { __typename }', ''],
  ])('%s answers BAD_USER_INPUT (400)', async (_what, query, operationName) => {
    const res = await t.http.post('/graphql').set('authorization', `Bearer ${admin}`).send({ query, operationName });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).not.toMatch(/Cannot read properties/);
  });

  it('an operationName that is not a string is a bad request', async () => {
    const res = await t.http.post('/graphql').send({ query: '{ __typename }', operationName: 12 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('a named operation is still chosen by name', async () => {
    const res = await t.http.post('/graphql').set('authorization', `Bearer ${admin}`).send({ query: 'query A { a: __typename } query B { b: __typename }', operationName: 'B' });
    expect(res.body.data).toEqual({ b: 'Query' });
  });
});

describe('budgets have no gaps', () => {
  it('every operation costs at least 1, and introspection costs what it returns', async () => {
    expect((await t.gql('{ __typename }')).body.extensions.cost.requested).toBe(1);
    const full = await t.gql(getIntrospectionQuery(), { token: admin });
    const small = await t.gql('{ __type(name: "Money") { name fields { name } } }', { token: admin });
    expect(small.body.extensions.cost.requested).toBeGreaterThanOrEqual(1);
    expect(full.body.extensions.cost.requested).toBeGreaterThan(small.body.extensions.cost.requested * 10);
  });

  it('a spent anonymous budget refuses { __typename } and introspection too', async () => {
    const small = await createTestApp({ env: { RATE_LIMIT_ANONYMOUS_POINTS: '3' }, database: t.db, clock: t.clock });
    try {
      for (let i = 0; i < 3; i++) expect((await small.gql('{ viewer { kind } }')).status).toBe(200);
      const typename = await small.http.post('/graphql').send({ query: '{ __typename }' });
      expect(typename.status).toBe(429);
      expect(typename.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(typename.headers['retry-after']).toMatch(/^\d+$/);
      const introspection = await small.gql('{ __schema { types { name } } }');
      expect(introspection.status).toBe(429);
    } finally {
      await small.close();
    }
  });

  it('the 429 for an address locked out after refused credentials carries Retry-After', async () => {
    const guarded = await createTestApp({ env: { RATE_LIMIT_FAILED_AUTH: '2' }, database: t.db, clock: t.clock });
    try {
      for (let i = 0; i < 2; i++) await guarded.gql('{ viewer { kind } }', { token: 'garbage' });
      const res = await guarded.http.post('/graphql').set('authorization', `Bearer ${admin}`).send({ query: '{ viewer { kind } }' });
      expect(res.status).toBe(429);
      expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    } finally {
      await guarded.close();
    }
  });
});

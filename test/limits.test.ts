// Limits on what a caller can ask for, and how unexpected errors read.
import { getIntrospectionQuery } from 'graphql';
import { Query, Resolver } from 'type-graphql';
import { defineCapabilities, ruleFor } from '../src/auth/permissions';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

@Resolver()
class BrokenResolver {
  @Query(() => String, { description: 'Always fails with an unexpected error.' })
  broken(): string {
    throw new Error('secret internal detail: postgres://u:p@h/db');
  }
}
const broken = defineCapabilities('broken', { call: { description: 'call the broken query', roles: { ADMIN: 'ALL' } } });
const brokenModule = { name: 'broken', entities: [], resolvers: [BrokenResolver], rules: { Query: { broken: ruleFor(broken.call) } } };

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({ modules: [...defaultModules, brokenModule], env: { MAX_QUERY_DEPTH: '5', MAX_QUERY_ALIASES: '3' } });
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

describe('depth', () => {
  it('allows a query at the limit', async () => {
    const res = await t.gql('{ customers { edges { node { accounts { id } } } } }', { token: admin });
    expect(res.body.errors).toBeUndefined();
  });

  it.each([
    ['directly', '{ customers { edges { node { accounts { balance { amount } } } } } }'],
    ['through a fragment', 'fragment F on Customer { accounts { balance { amount } } } { customers { edges { node { ...F } } } }'],
    ['through an inline fragment', '{ node(id: "x") { ... on Customer { accounts { balance { amount } } relationshipManager { id } } } customers { edges { node { accounts { outstanding { currency } } } } } }'],
  ])('refuses a query over the limit %s, before any SQL', async (_how, query) => {
    const { result, statements } = await countStatements(() => t.gql(query, { token: admin }));
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.body.errors[0].message).toMatch(/depth 6 exceeds the maximum of 5/);
    expect(statements).toEqual([]);
  });
});

it('refuses more aliases than allowed', async () => {
  const ok = await t.gql('{ a: viewer { kind } b: viewer { kind } c: viewer { kind } }', { token: admin });
  expect(ok.body.errors).toBeUndefined();
  const res = await t.gql('{ a: viewer { kind } b: viewer { kind } c: viewer { kind } d: viewer { kind } }', { token: admin });
  expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
});

it('masks an unexpected error, with the request id, and logs the detail under that id', async () => {
  const res = await t.http.post('/graphql').set('authorization', `Bearer ${admin}`).send({ query: '{ broken }' });
  const error = res.body.errors[0];
  expect(error.message).toBe('Internal server error');
  expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
  expect(error.extensions.requestId).toBe(res.headers['x-request-id']);
  expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
  const logged = t.logs.find((l) => l.includes('secret internal detail'));
  expect(logged).toBeDefined();
  expect(JSON.parse(logged!).requestId).toBe(res.headers['x-request-id']);
  // ...and counts as what the caller saw, not as a success.
  const metrics = await t.http.get('/metrics');
  expect(metrics.text).toMatch(/keel_graphql_operations_total\{type="query",name="anonymous",outcome="INTERNAL_SERVER_ERROR"\} 1/);
});

it('a malformed query is a 400 with a parse error, not a 500', async () => {
  const res = await t.gql('{ customers { ', { token: admin });
  expect(res.status).toBe(400);
  expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
});

describe('introspection depth', () => {
  it('allows GraphiQL\'s introspection query and refuses a deeper one', async () => {
    const graphiql = await t.gql(getIntrospectionQuery(), { token: admin });
    expect(graphiql.body.errors).toBeUndefined();
    expect(graphiql.body.data.__schema.queryType.name).toBe('Query');
    let nested = 'name';
    for (let i = 0; i < 25; i++) nested = `ofType { ${nested} }`;
    const deep = await t.gql(`{ __schema { types { fields { type { ${nested} } } } } }`, { token: admin });
    expect(deep.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(deep.body.errors[0].message).toMatch(/Introspection depth/);
  });
});

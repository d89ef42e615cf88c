// Operations run compiled by graphql-jit by default; graphql-js (GRAPHQL_JIT=false) answers the same.
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createAccount, createCustomer, createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let jit: TestApp;
let interpreted: TestApp;
let customerId: string;

beforeAll(async () => {
  jit = await createTestApp();
  interpreted = await createTestApp({ database: jit.db, clock: jit.clock, env: { GRAPHQL_JIT: 'false' } });
  const rm = await createStaff(jit.sql, 'rm-01');
  const c = await createCustomer(jit.sql, { rmId: rm.id, lastName: 'Parity' });
  await createAccount(jit.sql, c.id, { type: 'MORTGAGE', balanceMinor: 0, outstandingMinor: 990000 });
  customerId = toGlobalId('Customer', c.id);
});
afterAll(async () => {
  await interpreted?.close();
  await jit?.close();
});

const CASES: [string, string, Record<string, unknown>][] = [
  ['a list with nested objects and masking', '{ customers(first: 5) { totalCount edges { node { id displayName email accounts { type outstanding { amount currency } } relationshipManager { name } } } pageInfo { hasNextPage } } }', {}],
  ['an interface through node(id:)', 'query($id: ID!) { node(id: $id) { id __typename ... on Customer { lastName } } }', { id: '$customer' }],
  ['a refused field', '{ auditEvents { totalCount } }', {}],
  ['an unknown id', 'query($id: ID!) { customer(id: $id) { id } }', { id: toGlobalId('Customer', '00000000-0000-4000-8000-000000000000') }],
  ['a mutation with userErrors', 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { field code } } }', { input: { externalRef: 'bad ref', firstName: '', lastName: 'X' } }],
  ['introspection (GraphiQL\'s docs)', '{ __schema { queryType { name } mutationType { fields { name args { name } } } types { name kind } } }', {}],
  ['variables of the wrong type', 'query($n: Int) { customers(first: $n) { totalCount } }', { n: 'ten' }],
];

it.each(CASES)('%s', async (_what, query, vars) => {
  const variables = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v === '$customer' ? customerId : v]));
  const answer = async (t: TestApp, role: 'ADMIN' | 'SUPPORT_AGENT') => {
    const res = await t.gql(query, { token: staffToken(t.config, role, undefined, t.clock.now()), variables });
    const strip = (errors?: { message: string; extensions: { code: string } }[]) => errors?.map((e) => [e.extensions.code, e.message]);
    return { status: res.status, data: res.body.data, errors: strip(res.body.errors) };
  };
  for (const role of ['ADMIN', 'SUPPORT_AGENT'] as const) {
    expect(await answer(jit, role)).toEqual(await answer(interpreted, role));
  }
});

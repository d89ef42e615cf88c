// A write that committed is never answered "retry": when the connections break right after the commit
// (a pooled connection kept from before a database restart fails on its next use), Keel reads the
// answer back on another connection; when the database stays away, it says the change was saved, with
// no 503 or Retry-After that would make a client or a load balancer send it a second time.
import { toGlobalId } from '../src/graphql/relay';
import type { TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { appBehindProxy, type CuttableProxy } from './support/proxy';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

let t: TestApp;
let proxy: CuttableProxy;
let token: string;
let customerKey: string;
let customerId: string;

beforeAll(async () => {
  ({ t, proxy } = await appBehindProxy());
  token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  customerKey = (await createCustomer(t.sql)).id;
  customerId = toGlobalId('Customer', customerKey);
});
afterAll(async () => {
  await t?.close();
  await proxy?.close();
});

const WRITE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region version } userErrors { code } } }';
const update = (version: number, region: string) =>
  t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query: WRITE, variables: { input: { id: customerId, version, region } } });

async function row(): Promise<{ region: string; version: number; audits: number }> {
  const { rows } = await t.sql.query(
    `select c.region, c.version, (select count(*)::int from audit_event a where a.entity_id = c.id and a.action = 'customer.updated') as audits
       from customer c where c.id = $1`,
    [customerKey],
  );
  return rows[0];
}

it('reads the answer back on another connection when the one it had broke after the commit', async () => {
  // Warm the pool: the connections open now are the ones that break.
  expect((await t.gql('{ customers(first: 1) { totalCount } }', { token })).body.errors).toBeUndefined();
  const broken = proxy.breakAfterNextCommit({ refuseNew: false });
  const res = await update(1, 'North');
  await broken;
  expect({ status: res.status, retryAfter: res.headers['retry-after'], errors: res.body.errors, data: res.body.data }).toEqual({
    status: 200,
    retryAfter: undefined,
    errors: undefined,
    data: { updateCustomer: { customer: { region: 'North', version: 2 }, userErrors: [] } },
  });
  expect(await row()).toEqual({ region: 'North', version: 2, audits: 1 });
});

it('says the change was saved, without 503 or Retry-After, when the database stays away after the commit', async () => {
  const broken = proxy.breakAfterNextCommit({ refuseNew: true });
  const res = await update(2, 'South');
  await broken;
  expect(res.status).toBe(200);
  expect(res.headers['retry-after']).toBeUndefined();
  expect(res.body.data).toBeNull(); // the payload is non-null: its error takes the whole answer
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', saved: true });
  expect(res.body.errors[0].message).toMatch(/was saved.*instead of sending the change again/);
  expect(JSON.stringify(res.body)).not.toMatch(/ECONN|terminat|127\.0\.0\.1|postgres/i);

  await proxy.open();
  await waitUntil(async () => (await t.http.get('/health/ready')).status === 200, 'the database is reachable again');
  // Applied once; sending it again is what the answer warned against: a conflict.
  expect(await row()).toEqual({ region: 'South', version: 3, audits: 2 });
  const again = await update(2, 'South');
  expect(again.body.errors[0].extensions.code).toBe('CONFLICT');
});

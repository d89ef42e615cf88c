// With DATABASE_READ_URLS, queries read from a replica while mutations (and authentication) use the
// primary. The "replica" here is a second database with different rows, so the test sees where each
// read went.
import pg from 'pg';
import { dropDatabase } from '../src/db/roles';
import { createTestApp, createTestDatabase, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { testEnv } from './support/env';
import { staffToken } from './support/tokens';

let t: TestApp;
let replica: Awaited<ReturnType<typeof createTestDatabase>>;
let replicaSql: pg.Pool;

beforeAll(async () => {
  replica = await createTestDatabase();
  replicaSql = new pg.Pool({ connectionString: replica.ownerUrl, max: 2 });
  t = await createTestApp({ env: { DATABASE_READ_URLS: replica.runtimeUrl } });
  await createStaff(t.sql, 'rm-01');
  await createStaff(replicaSql, 'rm-01');
  await createCustomer(t.sql, { externalRef: 'ON-PRIMARY', lastName: 'Primary' });
  await createCustomer(replicaSql, { externalRef: 'ON-REPLICA', lastName: 'Replica' });
});
afterAll(async () => {
  await t?.close();
  await replicaSql?.end();
  if (replica) await dropDatabase(testEnv().superuserUrl, replica.database);
});

it('queries read from the replica; a mutation reads back what it wrote from the primary', async () => {
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const list = await t.gql('{ customers { edges { node { externalRef } } } }', { token });
  expect(list.body.data.customers.edges).toEqual([{ node: { externalRef: 'ON-REPLICA' } }]);

  const created = await t.gql(
    'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { externalRef } userErrors { code } } }',
    { token, variables: { input: { externalRef: 'NEW-ON-PRIMARY', firstName: 'New', lastName: 'Customer' } } },
  );
  expect(created.body.data.createCustomer).toEqual({ customer: { externalRef: 'NEW-ON-PRIMARY' }, userErrors: [] });
  expect((await t.sql.query(`select count(*)::int as n from customer where external_ref = 'NEW-ON-PRIMARY'`)).rows[0].n).toBe(1);
  expect((await replicaSql.query(`select count(*)::int as n from customer where external_ref = 'NEW-ON-PRIMARY'`)).rows[0].n).toBe(0);
});

it('a relationship manager is authenticated against the primary', async () => {
  await replicaSql.query(`delete from staff_user where subject = 'rm-01'`);
  const res = await t.gql('{ viewer { subject } }', { token: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', t.clock.now()) });
  expect(res.body.data.viewer).toEqual({ subject: 'rm-01' });
});

it('nested reads of a query go to the replica too', async () => {
  const onReplica = (await replicaSql.query(`select id from customer where external_ref = 'ON-REPLICA'`)).rows[0].id;
  await replicaSql.query(
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, balance_minor, status, opened_at)
     values (gen_random_uuid(), now(), now(), $1, 'ACC-ON-REPLICA', 'CURRENT', 'EUR', 100, 'OPEN', '2021-01-01')`,
    [onReplica],
  );
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const res = await t.gql('{ customers { edges { node { externalRef accounts { externalRef } } } } }', { token });
  expect(res.body.data.customers.edges).toEqual([{ node: { externalRef: 'ON-REPLICA', accounts: [{ externalRef: 'ACC-ON-REPLICA' }] } }]);
});

// What a feed may not do: assign relationship managers (partners), refill an anonymised customer's
// personal data, or overwrite a staff edit with a message describing an earlier moment.
import { toGlobalId } from '../src/graphql/relay';
import { closeAccounts } from '../src/modules/customers/customer-lifecycle.service';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

const UPSERT = `mutation($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { applied unchanged stale { index key } userErrors { field code message } } }`;

let t: TestApp;
let feed: string;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-01');
  feed = (await createPartnerToken(t, ['ingest:write'])).token;
  admin = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

const item = (externalRef: string, over: Record<string, unknown> = {}) => ({
  externalRef,
  firstName: 'Feed',
  lastName: 'Customer',
  asOf: new Date(t.clock.now().getTime() - 60_000).toISOString(),
  ...over,
});

it('a partner feed may not assign a relationship manager; an ADMIN may', async () => {
  const refused = await t.gql(UPSERT, { token: feed, variables: { input: { items: [item('G-1'), item('G-2', { relationshipManagerSubject: 'rm-01' })] } } });
  expect(refused.body.data.upsertCustomers.userErrors).toEqual([
    expect.objectContaining({ field: ['input', 'items', '1', 'relationshipManagerSubject'], code: 'NOT_ALLOWED' }),
  ]);
  expect((await t.sql.query(`select count(*)::int as n from customer where external_ref in ('G-1', 'G-2')`)).rows[0].n).toBe(0);

  const allowed = await t.gql(UPSERT, { token: admin, variables: { input: { items: [item('G-2', { relationshipManagerSubject: 'rm-01' })] } } });
  expect(allowed.body.data.upsertCustomers).toMatchObject({ applied: 1, userErrors: [] });
});

it('an anonymised customer is never refilled by a feed', async () => {
  const c = await createCustomer(t.sql, { externalRef: 'G-ANON' });
  await t.sql.query(`update customer set first_name = 'Anonymised', last_name = 'Customer', email = null, anonymised_at = $2 where id = $1`, [c.id, t.clock.now()]);
  const res = await t.gql(UPSERT, { token: feed, variables: { input: { items: [item('G-ANON', { email: 'back@mail.example', asOf: t.clock.now().toISOString() })] } } });
  expect(res.body.data.upsertCustomers.userErrors[0]).toMatchObject({ field: ['input', 'items', '0', 'externalRef'], code: 'CUSTOMER_ANONYMISED' });
  expect((await t.sql.query('select email from customer where id = $1', [c.id])).rows[0].email).toBeNull();
});

it('a feed item describing a moment before a staff edit does not overwrite it', async () => {
  const created = await t.gql(UPSERT, { token: feed, variables: { input: { items: [item('G-EDIT', { region: 'North' })] } } });
  expect(created.body.data.upsertCustomers.applied).toBe(1);
  const id = (await t.sql.query(`select id, version from customer where external_ref = 'G-EDIT'`)).rows[0];
  t.clock.advance(1000);
  const edit = await t.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }`, {
    token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()),
    variables: { input: { id: toGlobalId('Customer', id.id), version: id.version, region: 'East' } },
  });
  expect(edit.body.data.updateCustomer.userErrors).toEqual([]);
  // Core banking's message was stamped before the edit: it is reported stale, not applied.
  const late = await t.gql(UPSERT, { token: feed, variables: { input: { items: [item('G-EDIT', { region: 'South', asOf: new Date(t.clock.now().getTime() - 500).toISOString() })] } } });
  expect(late.body.data.upsertCustomers.stale).toEqual([{ index: 0, key: 'G-EDIT' }]);
  expect((await t.sql.query(`select region from customer where external_ref = 'G-EDIT'`)).rows[0].region).toBe('East');
});

it('a feed message from before an account was closed does not reopen it', async () => {
  const c = await createCustomer(t.sql, { externalRef: 'G-CLOSE' });
  const { rows } = await t.sql.query(
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, outstanding_minor, status, opened_at, as_of)
     values (gen_random_uuid(), now(), now(), $1, 'G-CLOSE-M', 'MORTGAGE', 'EUR', 0, 'OPEN', '2020-01-01', $2) returning id`,
    [c.id, new Date(t.clock.now().getTime() - 3_600_000)],
  );
  await t.orm.em.fork().transactional((em) =>
    closeAccounts(em, { viewer: null, requestId: 'test', now: t.clock.now(), reportingCurrency: 'EUR' }, c.id, [rows[0].id]),
  );
  const late = await t.gql(
    `mutation($input: UpsertAccountsInput!) { upsertAccounts(input: $input) { applied stale { key } userErrors { code message } } }`,
    {
      token: feed,
      variables: {
        input: {
          items: [{ externalRef: 'G-CLOSE-M', customerExternalRef: 'G-CLOSE', type: 'MORTGAGE', status: 'OPEN', outstanding: { amount: '5.00', currency: 'EUR' }, openedAt: '2020-01-01', asOf: new Date(t.clock.now().getTime() - 60_000).toISOString() }],
        },
      },
    },
  );
  expect(late.body.data.upsertAccounts).toMatchObject({ applied: 0, stale: [{ key: 'G-CLOSE-M' }], userErrors: [] });
  expect((await t.sql.query('select status, outstanding_minor from account where id = $1', [rows[0].id])).rows[0]).toEqual({ status: 'CLOSED', outstanding_minor: '0' });
});

it('reports format problems and what only the database knows in one answer', async () => {
  const res = await t.gql(
    `mutation($input: UpsertAccountsInput!) { upsertAccounts(input: $input) { applied userErrors { field code } } }`,
    {
      token: feed,
      variables: {
        input: {
          items: [
            { externalRef: 'G-ONE-A', customerExternalRef: 'NO-SUCH-CUSTOMER', type: 'CURRENT', status: 'OPEN', balance: { amount: '1.00', currency: 'EUR' }, openedAt: '2020-01-01', asOf: t.clock.now().toISOString() },
            { externalRef: 'G-ONE-B', customerExternalRef: 'G-1', type: 'CURRENT', status: 'OPEN', balance: { amount: 'a lot', currency: 'EUR' }, openedAt: '2020-01-01', asOf: t.clock.now().toISOString() },
          ],
        },
      },
    },
  );
  const codes = res.body.data.upsertAccounts.userErrors.map((e: { field: string[]; code: string }) => `${e.field[2]}:${e.code}`);
  expect(codes).toEqual(expect.arrayContaining(['0:UNKNOWN_CUSTOMER', expect.stringMatching(/^1:/)]));
  expect(res.body.data.upsertAccounts.applied).toBe(0);
});

// The customer slice end to end: lists, the relationship manager's book, PII masking, writes and
// their audit events, and SQL statement counts.
import pg from 'pg';
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { resetClockBeforeEach } from './support/isolation';
import { createAccount, createCustomer, createStaff, type StaffRow } from './support/factories';
import { countStatements } from './support/sql-counter';
import { staffToken } from './support/tokens';

let t: TestApp;
let rm1: StaffRow;
let rm2: StaffRow;
let rm1Customer: { id: string; externalRef: string };
let rm2Customer: { id: string; externalRef: string };
let tok: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  ({ rm1, rm2, rm1Customer, rm2Customer, tok } = await twoBooks(t));
  await createAccount(t.sql, rm1Customer.id, { type: 'SAVINGS', balanceMinor: 123456 });
  await createAccount(t.sql, rm1Customer.id, { type: 'PERSONAL_LOAN', balanceMinor: 0, outstandingMinor: 50000 });
});
afterAll(async () => {
  await t?.close();
});
resetClockBeforeEach(() => t);

// Change events (reads of personal data are audited too, as customer.pii_read).
const auditCount = async () => Number((await t.sql.query("select count(*) from audit_event where action <> 'customer.pii_read'")).rows[0].count);

/** Two books (rm-01's Ada, rm-02's Bea) and a token per role, on a database of the caller's. */
async function twoBooks(app: TestApp) {
  const rm1 = await createStaff(app.sql, 'rm-01');
  const rm2 = await createStaff(app.sql, 'rm-02');
  const rm1Customer = await createCustomer(app.sql, { rmId: rm1.id, firstName: 'Ada', lastName: 'Book-One', email: 'ada@mail.example' });
  const rm2Customer = await createCustomer(app.sql, { rmId: rm2.id, firstName: 'Bea', lastName: 'Book-Two', email: 'bea@mail.example' });
  const now = app.clock.now();
  const tok: Record<string, string> = {
    admin: staffToken(app.config, 'ADMIN', 'admin-01', now),
    support: staffToken(app.config, 'SUPPORT_AGENT', 'support-01', now),
    compliance: staffToken(app.config, 'COMPLIANCE_OFFICER', 'compliance-01', now),
    analyst: staffToken(app.config, 'RETENTION_ANALYST', 'analyst-01', now),
    rm1: staffToken(app.config, 'RELATIONSHIP_MANAGER', 'rm-01', now),
    rm2: staffToken(app.config, 'RELATIONSHIP_MANAGER', 'rm-02', now),
  };
  return { rm1, rm2, rm1Customer, rm2Customer, tok };
}

describe('reading customers', () => {
  it('an admin lists customers with their total count', async () => {
    const res = await t.gql('{ customers(first: 5) { totalCount edges { node { id displayName } } } }', { token: tok.admin });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customers.totalCount).toBe(2);
    expect(res.body.data.customers.edges.map((e: { node: { displayName: string } }) => e.node.displayName)).toEqual([
      'Ada Book-One',
      'Bea Book-Two',
    ]);
  });

  it('money is a decimal string in the account currency; debt is a positive outstanding amount', async () => {
    const res = await t.gql(`query($id: ID!) { customer(id: $id) { accounts { type balance { amount currency } outstanding { amount } } } }`, {
      token: tok.admin,
      variables: { id: toGlobalId('Customer', rm1Customer.id) },
    });
    expect(res.body.data.customer.accounts).toEqual(
      expect.arrayContaining([
        { type: 'SAVINGS', balance: { amount: '1234.56', currency: 'EUR' }, outstanding: { amount: '0.00' } },
        { type: 'PERSONAL_LOAN', balance: { amount: '0.00', currency: 'EUR' }, outstanding: { amount: '500.00' } },
      ]),
    );
  });

  it('a support agent sees masked personal data; an admin and the customer\'s own RM see it in full', async () => {
    const q = `query($id: ID!) { customer(id: $id) { firstName email phone dateOfBirth address } }`;
    const variables = { id: toGlobalId('Customer', rm1Customer.id) };
    const support = (await t.gql(q, { token: tok.support, variables })).body.data.customer;
    expect(support).toEqual({ firstName: 'Ada', email: 'a***@***.example', phone: '***23', dateOfBirth: '****-**-**', address: '***' });
    const analyst = (await t.gql(q, { token: tok.analyst, variables })).body.data.customer;
    expect(analyst.email).toBe('a***@***.example');
    const admin = (await t.gql(q, { token: tok.admin, variables })).body.data.customer;
    expect(admin).toEqual({ firstName: 'Ada', email: 'ada@mail.example', phone: '+44 7700 900123', dateOfBirth: '1980-04-02', address: '1 Quay Road' });
    const rm = (await t.gql(q, { token: tok.rm1, variables })).body.data.customer;
    expect(rm.email).toBe('ada@mail.example');
  });

  it('rm-01 cannot read a customer of rm-02 by customer(id:) or node(id:): it answers as for an unknown id', async () => {
    const other = toGlobalId('Customer', rm2Customer.id);
    const unknown = toGlobalId('Customer', '00000000-0000-4000-8000-000000000000');
    for (const q of ['query($id: ID!) { customer(id: $id) { id email } }', 'query($id: ID!) { node(id: $id) { id ... on Customer { email } } }']) {
      const hidden = await t.gql(q, { token: tok.rm1, variables: { id: other } });
      const missing = await t.gql(q, { token: tok.rm1, variables: { id: unknown } });
      expect(hidden.body.data).toEqual(missing.body.data);
      expect(hidden.body.errors.map((e: { message: string; extensions: { code: string } }) => [e.message, e.extensions.code])).toEqual(
        missing.body.errors.map((e: { message: string; extensions: { code: string } }) => [e.message, e.extensions.code]),
      );
      expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
      // rm-02 does see it.
      const own = await t.gql(q, { token: tok.rm2, variables: { id: other } });
      expect(own.body.errors).toBeUndefined();
    }
  });

  it('a relationship manager never sees another book in a list, nor in nodes(ids:)', async () => {
    const list = await t.gql('{ customers(first: 100) { totalCount edges { node { id } } } }', { token: tok.rm1 });
    expect(list.body.data.customers.totalCount).toBe(1);
    expect(list.body.data.customers.edges).toEqual([{ node: { id: toGlobalId('Customer', rm1Customer.id) } }]);
    const filtered = await t.gql('query($rm: ID) { customers(filter: { relationshipManagerId: $rm }) { totalCount } }', {
      token: tok.rm1,
      variables: { rm: toGlobalId('StaffMember', rm2.id) },
    });
    expect(filtered.body.data.customers.totalCount).toBe(0);
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      token: tok.rm1,
      variables: { ids: [toGlobalId('Customer', rm2Customer.id), toGlobalId('Customer', rm1Customer.id)] },
    });
    expect(nodes.body.data.nodes).toEqual([null, { id: toGlobalId('Customer', rm1Customer.id) }]);
  });

  it('an id of the wrong type answers NOT_FOUND', async () => {
    const accountId = toGlobalId('Account', rm1Customer.id);
    const res = await t.gql('query($id: ID!) { customer(id: $id) { id } }', { token: tok.admin, variables: { id: accountId } });
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const garbage = await t.gql('{ customer(id: "not-an-id") { id } }', { token: tok.admin });
    expect(garbage.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('partner-less callers without a reading role are refused', async () => {
    const res = await t.gql('{ customers { totalCount } }');
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('paging', () => {
  let p: TestApp;
  let admin: string;
  beforeAll(async () => {
    p = await createTestApp();
    admin = staffToken(p.config, 'ADMIN', 'admin-01', p.clock.now());
    for (let i = 0; i < 12; i++) {
      await createCustomer(p.sql, {
        firstName: `F${String(i).padStart(2, '0')}`,
        lastName: i % 2 ? 'Odd' : 'Even',
        joinedAt: new Date(Date.UTC(2010 + i, 0, 1)),
        totalDepositsMinor: (i * 7919) % 1000,
      });
    }
  });
  afterAll(async () => {
    await p?.close();
  });

  const page = async (args: string) => {
    const res = await p.gql(`{ customers(${args}) { edges { cursor node { firstName } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, { token: admin });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.customers;
  };
  const names = (c: { edges: { node: { firstName: string } }[] }) => c.edges.map((e) => e.node.firstName);

  it.each([
    ['NAME', ['F00', 'F02', 'F04', 'F06', 'F08', 'F10', 'F01', 'F03', 'F05', 'F07', 'F09', 'F11']],
    ['JOINED_AT', ['F00', 'F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08', 'F09', 'F10', 'F11']],
  ])('walks forward and back by %s with keyset cursors', async (field, expected) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const c = await page(`first: 5, orderBy: { field: ${field} }${after ? `, after: "${after}"` : ''}`);
      seen.push(...names(c));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    const last = await page(`last: 5, orderBy: { field: ${field} }`);
    expect(names(last)).toEqual(expected.slice(-5));
    expect(last.pageInfo.hasPreviousPage).toBe(true);
    const before = await page(`last: 5, orderBy: { field: ${field} }, before: "${last.pageInfo.startCursor}"`);
    expect(names(before)).toEqual(expected.slice(-10, -5));
  });

  it('orders by total deposits, descending', async () => {
    const c = await page('first: 3, orderBy: { field: TOTAL_DEPOSITS, direction: DESC }');
    const res = await p.sql.query('select first_name from customer order by total_deposits_minor desc, id desc limit 3');
    expect(names(c)).toEqual(res.rows.map((r) => r.first_name));
  });

  it.each([['first: 0'], ['first: 101'], ['last: -1'], ['first: 2, last: 2'], ['after: "garbage"']])('refuses %s with a clear error', async (args) => {
    const res = await p.gql(`{ customers(${args}) { totalCount } }`, { token: admin });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toMatch(/first|last|cursor/);
  });

});

describe('statement counts', () => {
  // Its own database, so that its 50 customers stay out of the paging walks.
  let c: TestApp;
  let admin: string;
  beforeAll(async () => {
    c = await createTestApp();
    admin = staffToken(c.config, 'ADMIN', 'admin-01', c.clock.now());
  });
  afterAll(async () => {
    await c?.close();
  });

  it('counts SQL statements: 50 customers with accounts and RM cost what 5 cost', async () => {
    const rm = await createStaff(c.sql, 'rm-count');
    for (let i = 0; i < 50; i++) {
      const customer = await createCustomer(c.sql, { rmId: rm.id, lastName: `Count${String(i).padStart(2, '0')}` });
      await createAccount(c.sql, customer.id);
      await createAccount(c.sql, customer.id, { type: 'CREDIT_CARD', balanceMinor: 0, outstandingMinor: 10 });
    }
    const q = (n: number) =>
      `{ customers(first: ${n}, filter: { search: "Count" }) { totalCount edges { node { id displayName email accounts { id type balance { amount } } relationshipManager { name } } } } }`;
    const five = await countStatements(() => c.gql(q(5), { token: admin }));
    const fifty = await countStatements(() => c.gql(q(50), { token: admin }));
    expect(five.result.body.data.customers.edges).toHaveLength(5);
    expect(fifty.result.body.data.customers.edges).toHaveLength(50);
    expect(fifty.result.body.data.customers.edges[49].node.accounts).toHaveLength(2);
    // page + count + accounts + staff, and the audit insert for the admin's full email reads
    expect(fifty.statements.length).toBe(five.statements.length);
    expect(fifty.statements.length).toBeLessThanOrEqual(5);
  });
});

describe('writing customers', () => {
  // Its own database: these tests change customers that the reading tests look at.
  let t: TestApp;
  let rm1: StaffRow;
  let rm2: StaffRow;
  let rm1Customer: { id: string; externalRef: string };
  let rm2Customer: { id: string; externalRef: string };
  let tok: Record<string, string>;
  const auditCount = async () => Number((await t.sql.query("select count(*) from audit_event where action <> 'customer.pii_read'")).rows[0].count);
  beforeAll(async () => {
    t = await createTestApp();
    ({ rm1, rm2, rm1Customer, rm2Customer, tok } = await twoBooks(t));
  });
  afterAll(async () => {
    await t?.close();
  });
  const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id externalRef email version } userErrors { field message code } } }`;
  const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id firstName region version } userErrors { field message code } } }`;

  it('createCustomer leaves exactly one audit event, with PII named but not recorded', async () => {
    const before = await auditCount();
    const res = await t.gql(CREATE, {
      token: tok.admin,
      variables: { input: { externalRef: 'NEW-1', firstName: 'Cleo', lastName: 'New', email: 'cleo@mail.example', region: 'North', relationshipManagerId: toGlobalId('StaffMember', rm1.id) } },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createCustomer.userErrors).toEqual([]);
    expect(res.body.data.createCustomer.customer).toMatchObject({ externalRef: 'NEW-1', email: 'cleo@mail.example', version: 1 });
    expect(await auditCount()).toBe(before + 1);
    const { rows } = await t.sql.query(`select * from audit_event where action = 'customer.created'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_kind: 'staff', actor_id: 'admin-01', entity_type: 'Customer' });
    const email = rows[0].changes.find((c: { field: string }) => c.field === 'email');
    expect(email).toEqual({ field: 'email' });
    expect(JSON.stringify(rows[0].changes)).not.toContain('cleo@mail.example');
    expect(rows[0].changes).toContainEqual({ field: 'region', old: null, new: 'North' });
  });

  it('a refused createCustomer leaves no audit event and no customer', async () => {
    const before = await auditCount();
    const count = async () => Number((await t.sql.query('select count(*) from customer')).rows[0].count);
    const customers = await count();
    for (const token of [tok.rm1, tok.support, tok.compliance, tok.analyst]) {
      const res = await t.gql(CREATE, { token, variables: { input: { externalRef: 'NOPE-1', firstName: 'No', lastName: 'Pe' } } });
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await auditCount()).toBe(before);
    expect(await count()).toBe(customers);
  });

  it('invalid input answers with userErrors and writes nothing', async () => {
    const before = await auditCount();
    const res = await t.gql(CREATE, { token: tok.admin, variables: { input: { externalRef: 'bad ref!', firstName: '', lastName: 'X', email: 'nope' } } });
    const fields = res.body.data.createCustomer.userErrors.map((e: { field: string[] }) => e.field.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['input.externalRef', 'input.firstName', 'input.email']));
    expect(res.body.data.createCustomer.customer).toBeNull();
    const dup = await t.gql(CREATE, { token: tok.admin, variables: { input: { externalRef: rm1Customer.externalRef, firstName: 'D', lastName: 'Up' } } });
    expect(dup.body.data.createCustomer.userErrors[0].code).toBe('EXTERNAL_REF_TAKEN');
    expect(await auditCount()).toBe(before);
  });

  it('updateCustomer by the customer\'s own RM leaves one audit event and bumps the version', async () => {
    const id = toGlobalId('Customer', rm1Customer.id);
    const before = await auditCount();
    const read = await t.gql('query($id: ID!) { customer(id: $id) { version } }', { token: tok.rm1, variables: { id } });
    const version = read.body.data.customer.version;
    const res = await t.gql(UPDATE, { token: tok.rm1, variables: { input: { id, version, firstName: 'Adah', region: 'East', email: 'adah@mail.example' } } });
    expect(res.body.data.updateCustomer.userErrors).toEqual([]);
    expect(res.body.data.updateCustomer.customer).toMatchObject({ firstName: 'Adah', region: 'East', version: version + 1 });
    const { rows } = await t.sql.query(`select * from audit_event where action = 'customer.updated' and customer_id = $1`, [rm1Customer.id]);
    expect(rows).toHaveLength(1);
    expect(await auditCount()).toBe(before + 1);
    expect(rows[0].changes).toEqual(expect.arrayContaining([{ field: 'firstName' }, { field: 'email' }, { field: 'region', old: null, new: 'East' }]));

    // the same version again is stale
    const stale = await t.gql(UPDATE, { token: tok.rm1, variables: { input: { id, version, region: 'West' } } });
    expect(stale.body.errors[0].extensions.code).toBe('CONFLICT');
    expect(await auditCount()).toBe(before + 1);
  });

  it('a relationship manager cannot update a customer outside their book; nothing changes', async () => {
    const id = toGlobalId('Customer', rm2Customer.id);
    const before = await auditCount();
    const snapshot = (await t.sql.query('select * from customer where id = $1', [rm2Customer.id])).rows[0];
    const res = await t.gql(UPDATE, { token: tok.rm1, variables: { input: { id, version: 1, region: 'Hacked' } } });
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const support = await t.gql(UPDATE, { token: tok.support, variables: { input: { id, version: 1, region: 'Hacked' } } });
    expect(support.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.sql.query('select * from customer where id = $1', [rm2Customer.id])).rows[0]).toEqual(snapshot);
    expect(await auditCount()).toBe(before);
  });

  it('the runtime role can insert and read audit rows, never update, delete or truncate them', async () => {
    const client = new pg.Client({ connectionString: t.db.runtimeUrl });
    await client.connect();
    try {
      await client.query(
        `insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type) values (gen_random_uuid(), now(), 'system', 'test', 'test.inserted', 'Test')`,
      );
      expect(Number((await client.query(`select count(*) from audit_event where action = 'test.inserted'`)).rows[0].count)).toBe(1);
      await expect(client.query(`update audit_event set action = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(client.query('delete from audit_event')).rejects.toThrow(/permission denied/);
      await expect(client.query('truncate audit_event')).rejects.toThrow(/permission denied/);
      await expect(client.query('alter table audit_event disable trigger audit_event_no_update')).rejects.toThrow(/must be owner/);
    } finally {
      await client.end();
    }
    // Even the owner's connection cannot rewrite history: the trigger refuses.
    await expect(t.sql.query(`update audit_event set action = 'x'`)).rejects.toThrow(/append-only/);
  });
});

describe('tenure', () => {
  // Its own database and clock: these tests move time and add customers.
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts whole months from joining to the request time, or to the exit', async () => {
    const joined = await createCustomer(t.sql, { joinedAt: new Date('2020-03-15T00:00:00Z'), lastName: 'Tenure-A' });
    const exited = await createCustomer(t.sql, { joinedAt: new Date('2020-03-15T00:00:00Z'), lastName: 'Tenure-B' });
    await t.sql.query(`update customer set status = 'EXITED', exited_at = '2021-03-14T00:00:00Z' where id = $1`, [exited.id]);
    t.clock.set('2026-03-15T10:00:00Z');
    const q = 'query($id: ID!) { customer(id: $id) { tenureMonths } }';
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    expect((await t.gql(q, { token, variables: { id: toGlobalId('Customer', joined.id) } })).body.data.customer.tenureMonths).toBe(72);
    expect((await t.gql(q, { token, variables: { id: toGlobalId('Customer', exited.id) } })).body.data.customer.tenureMonths).toBe(11);
  });

  it('counts on once the customer is back', async () => {
    const back = await createCustomer(t.sql, { joinedAt: new Date('2020-03-15T00:00:00Z'), lastName: 'Tenure-C' });
    await t.sql.query(`update customer set status = 'ACTIVE', exited_at = '2021-03-14T00:00:00Z', won_back_at = '2022-01-01T00:00:00Z' where id = $1`, [back.id]);
    t.clock.set('2026-03-15T10:00:00Z');
    const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
    const res = await t.gql('query($id: ID!) { customer(id: $id) { tenureMonths } }', { token, variables: { id: toGlobalId('Customer', back.id) } });
    expect(res.body.data.customer.tenureMonths).toBe(72);
  });
});

it('nodes(ids:) takes at most 100 ids', async () => {
  const token = staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now());
  const ids = Array.from({ length: 101 }, () => toGlobalId('Customer', '00000000-0000-4000-8000-000000000000'));
  const res = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { token, variables: { ids } });
  expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(res.body.errors[0].message).toMatch(/at most 100/);
});

it('node(id:) and nodes(ids:) need credentials', async () => {
  const id = toGlobalId('Customer', rm1Customer.id);
  expect((await t.gql('query($id: ID!) { node(id: $id) { id } }', { variables: { id } })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect((await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { variables: { ids: [id] } })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

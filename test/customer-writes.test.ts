// Concurrent edits, relationship manager assignment, and reading the audit trail.
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { staffToken } from './support/tokens';
import { waitForLockWaiters } from './support/concurrency';

let t: TestApp;
let rm1: StaffRow;
let rm2: StaffRow;
let tok: Record<string, string>;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { version region } userErrors { code message } } }`;
const ASSIGN = `mutation($input: AssignRelationshipManagerInput!) { assignRelationshipManager(input: $input) { customer { relationshipManager { subject } } userErrors { code message } } }`;

beforeAll(async () => {
  t = await createTestApp();
  rm1 = await createStaff(t.sql, 'rm-01');
  rm2 = await createStaff(t.sql, 'rm-02');
  const now = t.clock.now();
  tok = {
    admin: staffToken(t.config, 'ADMIN', 'admin-01', now),
    compliance: staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-01', now),
    rm1: staffToken(t.config, 'RELATIONSHIP_MANAGER', 'rm-01', now),
    support: staffToken(t.config, 'SUPPORT_AGENT', 'support-01', now),
    analyst: staffToken(t.config, 'RETENTION_ANALYST', 'analyst-01', now),
  };
});
afterAll(async () => {
  await t?.close();
});


it('two updateCustomer calls with the same version, forced to overlap: exactly one succeeds, the other gets CONFLICT', async () => {
  const c = await createCustomer(t.sql, { rmId: rm1.id });
  const id = toGlobalId('Customer', c.id);
  // Hold the row so that both requests read version 1 and then queue on their UPDATE.
  const blocker = await t.sql.connect();
  await blocker.query('begin');
  await blocker.query('select 1 from customer where id = $1 for update', [c.id]);
  const a = t.gql(UPDATE, { token: tok.admin, variables: { input: { id, version: 1, region: 'North' } } });
  const b = t.gql(UPDATE, { token: tok.rm1, variables: { input: { id, version: 1, region: 'South' } } });
  try {
    await waitForLockWaiters(t, 2);
  } finally {
    await blocker.query('commit');
    blocker.release();
  }
  const results = await Promise.all([a, b]);
  const ok = results.filter((r) => r.body.data?.updateCustomer?.customer);
  const conflicts = results.filter((r) => r.body.errors?.[0]?.extensions.code === 'CONFLICT');
  expect([ok.length, conflicts.length]).toEqual([1, 1]);
  const row = (await t.sql.query('select version, region from customer where id = $1', [c.id])).rows[0];
  expect(row).toEqual({ version: 2, region: ok[0].body.data.updateCustomer.customer.region });
  const events = await t.sql.query(`select count(*)::int as n from audit_event where action = 'customer.updated' and customer_id = $1`, [c.id]);
  expect(events.rows[0].n).toBe(1);
});

describe('assignRelationshipManager', () => {
  it('an admin assigns; the customer moves between books; one audit event', async () => {
    const c = await createCustomer(t.sql, { rmId: rm1.id });
    const id = toGlobalId('Customer', c.id);
    const res = await t.gql(ASSIGN, { token: tok.admin, variables: { input: { customerId: id, relationshipManagerId: toGlobalId('StaffMember', rm2.id) } } });
    expect(res.body.data.assignRelationshipManager).toEqual({ customer: { relationshipManager: { subject: 'rm-02' } }, userErrors: [] });
    const hidden = await t.gql('query($id: ID!) { customer(id: $id) { id } }', { token: tok.rm1, variables: { id } });
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const { rows } = await t.sql.query(`select changes from audit_event where action = 'customer.relationship_manager_assigned' and customer_id = $1`, [c.id]);
    expect(rows).toEqual([{ changes: [{ field: 'relationshipManager', old: rm1.id, new: rm2.id }] }]);
  });

  it('an unknown staff member is a userError; nothing changes', async () => {
    const c = await createCustomer(t.sql, { rmId: rm1.id });
    const res = await t.gql(ASSIGN, {
      token: tok.admin,
      variables: { input: { customerId: toGlobalId('Customer', c.id), relationshipManagerId: toGlobalId('StaffMember', '00000000-0000-4000-8000-000000000000') } },
    });
    expect(res.body.data.assignRelationshipManager.userErrors[0].code).toBe('UNKNOWN_RELATIONSHIP_MANAGER');
    expect((await t.sql.query('select rm_id from customer where id = $1', [c.id])).rows[0].rm_id).toBe(rm1.id);
  });

  it('an id that names no staff member (malformed, or of another type) is the same userError', async () => {
    const c = await createCustomer(t.sql, { rmId: rm1.id });
    for (const relationshipManagerId of ['not-an-id', toGlobalId('Customer', c.id)]) {
      const res = await t.gql(ASSIGN, { token: tok.admin, variables: { input: { customerId: toGlobalId('Customer', c.id), relationshipManagerId } } });
      expect(res.body.data.assignRelationshipManager.userErrors).toEqual([
        { code: 'UNKNOWN_RELATIONSHIP_MANAGER', message: 'No staff member has this id' },
      ]);
    }
    expect((await t.sql.query('select rm_id from customer where id = $1', [c.id])).rows[0].rm_id).toBe(rm1.id);
  });

  it.each(['rm1', 'support', 'compliance', 'analyst'])('%s is refused', async (who) => {
    const c = await createCustomer(t.sql, { rmId: rm1.id });
    const res = await t.gql(ASSIGN, { token: tok[who], variables: { input: { customerId: toGlobalId('Customer', c.id), relationshipManagerId: null } } });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('auditEvents', () => {
  const Q = `query($f: AuditEventFilter, $first: Int, $after: String) { auditEvents(filter: $f, first: $first, after: $after) { totalCount edges { node { action actorId customerId occurredAt changes } } pageInfo { hasNextPage endCursor } } }`;

  it('admins and compliance officers read the trail, filtered and paged newest first', async () => {
    const c = await createCustomer(t.sql, { rmId: rm1.id });
    const id = toGlobalId('Customer', c.id);
    for (const region of ['A', 'B', 'C']) {
      t.clock.advance(1000);
      const version = (await t.sql.query('select version from customer where id = $1', [c.id])).rows[0].version;
      const r = await t.gql(UPDATE, { token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()), variables: { input: { id, version, region } } });
      expect(r.body.data.updateCustomer.userErrors).toEqual([]);
    }
    for (const token of [tok.admin, tok.compliance]) {
      const first = await t.gql(Q, { token, variables: { f: { customerId: id, action: 'customer.updated' }, first: 2 } });
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.auditEvents.totalCount).toBe(3);
      const regions = first.body.data.auditEvents.edges.map((e: { node: { changes: { new: string }[] } }) => e.node.changes[0].new);
      expect(regions).toEqual(['C', 'B']);
      const next = await t.gql(Q, { token, variables: { f: { customerId: id, action: 'customer.updated' }, first: 2, after: first.body.data.auditEvents.pageInfo.endCursor } });
      expect(next.body.data.auditEvents.edges.map((e: { node: { changes: { new: string }[] } }) => e.node.changes[0].new)).toEqual(['A']);
    }
    const byActor = await t.gql(Q, { token: tok.admin, variables: { f: { actorId: 'nobody' } } });
    expect(byActor.body.data.auditEvents.totalCount).toBe(0);
    const window = await t.gql(Q, { token: tok.admin, variables: { f: { customerId: id, from: t.clock.now().toISOString() } } });
    expect(window.body.data.auditEvents.totalCount).toBe(1);
  });

  it.each(['rm1', 'support', 'analyst'])('%s may not read the trail', async (who) => {
    const res = await t.gql(Q, { token: tok[who] });
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('one definition of a customer\'s fields, for create, update and ingestion', () => {
  const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { field code message } } }`;

  it('createCustomer with a date of birth that is no date (1990-02-30) answers a userError and writes nothing', async () => {
    const before = Number((await t.sql.query('select count(*) from customer')).rows[0].count);
    const res = await t.gql(CREATE, { token: tok.admin, variables: { input: { externalRef: 'DOB-1', firstName: 'Feb', lastName: 'Thirty', dateOfBirth: '1990-02-30' } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createCustomer.customer).toBeNull();
    expect(res.body.data.createCustomer.userErrors).toEqual([{ field: ['input', 'dateOfBirth'], code: 'INVALID', message: 'dateOfBirth must be a date (YYYY-MM-DD)' }]);
    expect(Number((await t.sql.query('select count(*) from customer')).rows[0].count)).toBe(before);
  });

  it('a national id that ingestion takes is taken by createCustomer too', async () => {
    const res = await t.gql(CREATE, { token: tok.admin, variables: { input: { externalRef: 'NID-1', firstName: 'Na', lastName: 'Tional', nationalId: 'AB/12.345-C' } } });
    expect(res.body.data.createCustomer.userErrors).toEqual([]);
  });

  it('create, update and ingestion refuse a bad email, phone or region with the same message', async () => {
    const c = await createCustomer(t.sql, { rmId: rm1.id });
    const bad = { email: 'nope', phone: 'call me', region: '' };
    const created = await t.gql(CREATE, { token: tok.admin, variables: { input: { externalRef: 'SAME-1', firstName: 'S', lastName: 'Ame', ...bad } } });
    const updated = await t.gql(
      `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { field code message } } }`,
      { token: tok.admin, variables: { input: { id: toGlobalId('Customer', c.id), version: 1, ...bad } } },
    );
    const ingested = await t.gql(
      `mutation($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { userErrors { field code message } } }`,
      { token: tok.admin, variables: { input: { items: [{ externalRef: 'SAME-2', firstName: 'S', lastName: 'Ame', asOf: t.clock.now().toISOString(), ...bad }] } } },
    );
    const messages = (errors: { field: string[]; message: string }[]) =>
      Object.fromEntries(errors.map((e) => [e.field[e.field.length - 1], e.message]));
    const fromCreate = messages(created.body.data.createCustomer.userErrors);
    expect(Object.keys(fromCreate).sort()).toEqual(['email', 'phone', 'region']);
    expect(messages(updated.body.data.updateCustomer.userErrors)).toEqual(fromCreate);
    expect(messages(ingested.body.data.upsertCustomers.userErrors)).toEqual(fromCreate);
  });
});

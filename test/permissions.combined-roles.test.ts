// A relationship manager who holds a second role stays bounded by their book for everything that only
// the manager role grants. Written from DESIGN.md's "Combined roles" in its own words, independent of
// the permission tables: rm-01 with SUPPORT_AGENT or RETENTION_ANALYST against rm-02's customers.
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
let rm1: StaffRow;
let rm2: StaffRow;
let rmSupport: string;
let rmAnalyst: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const code = (res: { body: any }) => res.body.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await createTestApp();
  rm1 = await createStaff(t.sql, 'rm-01');
  rm2 = await createStaff(t.sql, 'rm-02');
  rmSupport = staffToken(t.config, ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01', t.clock.now());
  rmAnalyst = staffToken(t.config, ['RELATIONSHIP_MANAGER', 'RETENTION_ANALYST'], 'rm-01', t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

async function customerOf(rm: StaffRow, extra: { status?: string; phone?: string } = {}) {
  const ref = `CR-${Math.random().toString(36).slice(2, 10)}`;
  const c = await createCustomer(t.sql, { rmId: rm.id, externalRef: ref, email: `${ref.toLowerCase()}@combined.example`, ...extra });
  if (extra.status === 'EXITED') await t.sql.query('update customer set exited_at = now() where id = $1', [c.id]);
  return { ...c, gid: toGlobalId('Customer', c.id), email: `${ref.toLowerCase()}@combined.example` };
}

let digits = 900000;
const uniqueDigits = () => String(++digits);

const UPDATE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region email } userErrors { code } } }';
const SEARCH = 'query($q: String!) { customers(first: 10, filter: { search: $q }) { edges { node { id email } } } }';
const ids = (res: { body: { data: { customers: { edges: { node: { id: string } }[] } } } }) => res.body.data.customers.edges.map((e) => e.node.id);

describe.each([
  ['RELATIONSHIP_MANAGER + SUPPORT_AGENT', () => rmSupport],
  ['RELATIONSHIP_MANAGER + RETENTION_ANALYST', () => rmAnalyst],
])('%s as rm-01', (_label, token) => {
  it('reads rm-02\'s customer, with personal data masked', async () => {
    const c = await customerOf(rm2);
    const res = await t.gql('query($id: ID!) { customer(id: $id) { id email phone } }', { token: token(), variables: { id: c.gid } });
    expect(res.body.data.customer.id).toBe(c.gid);
    expect(res.body.data.customer.email).not.toBe(c.email);
    expect(res.body.data.customer.email).toContain('***');
  });

  it('sees personal data in full in the own book', async () => {
    const c = await customerOf(rm1);
    const res = await t.gql('query($id: ID!) { customer(id: $id) { email } }', { token: token(), variables: { id: c.gid } });
    expect(res.body.data.customer.email).toBe(c.email);
  });

  it('cannot change the profile of rm-02\'s customer (not the region, not the email)', async () => {
    const c = await customerOf(rm2);
    for (const change of [{ region: 'North' }, { email: 'taken@evil.example' }]) {
      const res = await t.gql(UPDATE, { token: token(), variables: { input: { id: c.gid, version: 1, ...change } } });
      expect(code(res)).toBe('FORBIDDEN');
    }
    const { rows } = await t.sql.query('select region, email, version from customer where id = $1', [c.id]);
    expect(rows[0]).toMatchObject({ region: null, email: c.email, version: 1 });
  });

  it('changes the profile in the own book', async () => {
    const c = await customerOf(rm1);
    const res = await t.gql(UPDATE, { token: token(), variables: { input: { id: c.gid, version: 1, region: 'West' } } });
    expect(res.body.data.updateCustomer.customer.region).toBe('West');
  });

  it('does not find rm-02\'s customer by email or by phone digits, but finds the own book\'s', async () => {
    const [theirs, ours] = [uniqueDigits(), uniqueDigits()];
    const other = await customerOf(rm2, { phone: `+44 7700 ${theirs}` });
    const mine = await customerOf(rm1, { phone: `+44 7700 ${ours}` });
    expect(ids(await t.gql(SEARCH, { token: token(), variables: { q: other.email } }))).toEqual([]);
    expect(ids(await t.gql(SEARCH, { token: token(), variables: { q: theirs } }))).toEqual([]);
    expect(ids(await t.gql(SEARCH, { token: token(), variables: { q: mine.email } }))).toEqual([mine.gid]);
    expect(ids(await t.gql(SEARCH, { token: token(), variables: { q: ours } }))).toEqual([mine.gid]);
  });

  it('still finds rm-02\'s customer by name, which anyone who may read customers may search', async () => {
    const other = await customerOf(rm2);
    const { rows } = await t.sql.query('select last_name from customer where id = $1', [other.id]);
    expect(ids(await t.gql(SEARCH, { token: token(), variables: { q: rows[0].last_name } }))).toContain(other.gid);
  });

  it('starts a bank-initiated exit only in the own book', async () => {
    const START = 'mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id } } }';
    const other = await customerOf(rm2);
    const refused = await t.gql(START, { token: token(), variables: { input: { customerId: other.gid, initiatedBy: 'BANK', reason: 'RISK_APPETITE' } } });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code(refused));
    const mine = await customerOf(rm1);
    const ok = await t.gql(START, { token: token(), variables: { input: { customerId: mine.gid, initiatedBy: 'BANK', reason: 'RISK_APPETITE' } } });
    expect(ok.body.data.startOffboarding.offboardingCase.id).toBeTruthy();
  });
});

describe('RELATIONSHIP_MANAGER + SUPPORT_AGENT as rm-01: what support grants reaches everyone', () => {
  it('starts and works a customer-initiated exit for rm-02\'s customer', async () => {
    const other = await customerOf(rm2);
    const res = await t.gql('mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id version } } }', {
      token: rmSupport,
      variables: { input: { customerId: other.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' } },
    });
    const kase = res.body.data.startOffboarding.offboardingCase;
    const attempt = await t.gql('mutation($input: RecordRetentionAttemptInput!) { recordRetentionAttempt(input: $input) { offboardingCase { state } } }', {
      token: rmSupport,
      variables: { input: { caseId: kase.id, version: kase.version, offer: 'Fee waiver', answer: 'DECLINED' } },
    });
    expect(attempt.body.data.recordRetentionAttempt.offboardingCase.state).toBe('RETENTION');
  });

  it('wins back rm-02\'s exited customer', async () => {
    const other = await customerOf(rm2, { status: 'EXITED' });
    const res = await t.gql('mutation($input: RecordWinBackInput!) { recordWinBack(input: $input) { customer { status } userErrors { code } } }', {
      token: rmSupport,
      variables: { input: { customerId: other.gid, offer: 'Welcome back bonus' } },
    });
    expect(res.body.data.recordWinBack.customer.status).toBe('ACTIVE');
  });
});

describe('RELATIONSHIP_MANAGER + RETENTION_ANALYST as rm-01: the analyst grants no win-back', () => {
  it('cannot reactivate rm-02\'s exited customer', async () => {
    const other = await customerOf(rm2, { status: 'EXITED' });
    const res = await t.gql('mutation($input: RecordWinBackInput!) { recordWinBack(input: $input) { customer { status } } }', {
      token: rmAnalyst,
      variables: { input: { customerId: other.gid, offer: 'Welcome back bonus' } },
    });
    expect(code(res)).toBe('FORBIDDEN');
    expect((await t.sql.query('select status from customer where id = $1', [other.id])).rows[0].status).toBe('EXITED');
  });

  it('reactivates an exited customer of the own book', async () => {
    const mine = await customerOf(rm1, { status: 'EXITED' });
    const res = await t.gql('mutation($input: RecordWinBackInput!) { recordWinBack(input: $input) { customer { status } } }', {
      token: rmAnalyst,
      variables: { input: { customerId: mine.gid, offer: 'Welcome back bonus' } },
    });
    expect(res.body.data.recordWinBack.customer.status).toBe('ACTIVE');
  });

  it('does not read exit cases outside the own book (the analyst grants no offboarding reads)', async () => {
    const other = await customerOf(rm2);
    const admin = staffToken(t.config, 'ADMIN', undefined, t.clock.now());
    const started = await t.gql('mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id } } }', {
      token: admin,
      variables: { input: { customerId: other.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' } },
    });
    const id = started.body.data.startOffboarding.offboardingCase.id;
    expect(code(await t.gql('query($id: ID!) { offboardingCase(id: $id) { id } }', { token: rmAnalyst, variables: { id } }))).toBe('NOT_FOUND');
    const list = await t.gql('{ offboardingCases(first: 100) { edges { node { id } } } }', { token: rmAnalyst });
    expect(list.body.data.offboardingCases.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
  });
});

// Every capability of every module's permission table, probed through the API by every single role,
// every pair of roles with RELATIONSHIP_MANAGER, and partners with each scope, on customers in the
// viewer's own book, in another manager's book and in nobody's. What the API lets through must be
// exactly what the table grants, bound included: a capability without a probe here fails the test.
import { randomUUID } from 'node:crypto';
import { type NamedCapability, reachOf, reaches } from '../src/auth/permissions';
import { ROLES, type Role } from '../src/auth/roles';
import { KNOWN_SCOPES as SCOPES } from '../src/modules/access/public';
import type { Viewer } from '../src/auth/viewer';
import { toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff, type StaffRow } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

let t: TestApp;
let admin: string;
const rms: Record<string, StaffRow> = {};

type Book = 'rm-01' | 'rm-02' | null;
const BOOKS: Book[] = ['rm-01', 'rm-02', null];

interface Target {
  book: Book;
  rmKey: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = { status: number; body: any };
const REFUSALS = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** Allowed (true) or refused (false); anything else (an internal error, a wrong code) fails the test. */
function outcome(res: Res, path: string): boolean {
  const errors = res.body.errors as { extensions?: { code?: string }; message: string }[] | undefined;
  if (errors?.length) {
    if (errors.every((e) => REFUSALS.has(String(e.extensions?.code)))) return false;
    throw new Error(`${path}: unexpected answer ${JSON.stringify(errors)}`);
  }
  const data = path.split('.').reduce((v, k) => (v == null ? v : v[k]), res.body.data);
  if (data == null) throw new Error(`${path}: no data and no error: ${JSON.stringify(res.body)}`);
  return true;
}

let n = 0;
async function customerIn(book: Book, status = 'ACTIVE'): Promise<{ id: string; gid: string; email: string }> {
  const ref = `CAP-${++n}-${randomUUID().slice(0, 8)}`;
  const email = `${ref.toLowerCase()}@probe.example`;
  const c = await createCustomer(t.sql, { rmId: book ? rms[book].id : null, externalRef: ref, email, status, firstName: 'Probe' });
  if (status === 'EXITED') await t.sql.query(`update customer set exited_at = now() where id = $1`, [c.id]);
  return { id: c.id, gid: toGlobalId('Customer', c.id), email };
}

async function caseFor(book: Book, initiatedBy: 'CUSTOMER' | 'BANK', submit = false): Promise<{ id: string; version: number }> {
  const c = await customerIn(book);
  const reason = initiatedBy === 'CUSTOMER' ? 'FEES' : 'RISK_APPETITE';
  const res = await t.gql('mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id version } } }', {
    token: admin,
    variables: { input: { customerId: c.gid, initiatedBy, reason } },
  });
  let kase = res.body.data.startOffboarding.offboardingCase;
  if (submit) {
    const s = await t.gql('mutation($input: CaseTransitionInput!) { submitForApproval(input: $input) { offboardingCase { id version } } }', {
      token: admin,
      variables: { input: { caseId: kase.id, version: kase.version } },
    });
    kase = s.body.data.submitForApproval.offboardingCase;
  }
  return kase;
}

interface Probe {
  /** Other capabilities the operation needs as well (e.g. reading the customer it starts from). */
  needs?: NamedCapability[];
  /** Probed once, on no customer in particular: the capability's reach must be ALL or nothing. */
  untargeted?: boolean;
  run(token: string, target: Target): Promise<boolean>;
}

const gql = (query: string, token: string, variables: Record<string, unknown> = {}) => t.gql(query, { token, variables });

function probes(): Record<string, Probe> {
  const caps = Object.fromEntries(defaultModules.flatMap((m) => Object.values(m.permissions?.capabilities ?? {})).map((c) => [c.name, c]));
  const readCustomers = caps['customers.read'];
  const readCases = caps['offboarding.read'];
  return {
    'customers.read': {
      async run(token, target) {
        const c = await customerIn(target.book);
        return outcome(await gql('query($id: ID!) { customer(id: $id) { id } }', token, { id: c.gid }), 'customer');
      },
    },
    'customers.readPii': {
      needs: [readCustomers],
      async run(token, target) {
        const c = await customerIn(target.book);
        const one = await gql('query($id: ID!) { customer(id: $id) { email } }', token, { id: c.gid });
        if (!outcome(one, 'customer')) return false;
        const full = one.body.data.customer.email === c.email;
        // Searching by the email finds the customer exactly when the email may be seen in full.
        const found = await gql('query($q: String!) { customers(first: 5, filter: { search: $q }) { edges { node { id } } } }', token, { q: c.email });
        const hit = found.body.data.customers.edges.some((e: { node: { id: string } }) => e.node.id === c.gid);
        if (hit !== full) throw new Error(`customers.readPii: email shown in full ${full} but found by search ${hit}`);
        return full;
      },
    },
    'customers.create': {
      untargeted: true,
      async run(token) {
        const res = await gql('mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }', token, {
          input: { externalRef: `CAP-NEW-${++n}`, firstName: 'New', lastName: 'Probe' },
        });
        return outcome(res, 'createCustomer.customer');
      },
    },
    'customers.update': {
      needs: [readCustomers],
      async run(token, target) {
        const c = await customerIn(target.book);
        const res = await gql('mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region } } }', token, {
          input: { id: c.gid, version: 1, region: 'Probed' },
        });
        const allowed = outcome(res, 'updateCustomer.customer');
        const { rows } = await t.sql.query('select region from customer where id = $1', [c.id]);
        expect(rows[0].region === 'Probed').toBe(allowed);
        return allowed;
      },
    },
    'customers.assignManager': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const other = target.book === 'rm-02' ? rms['rm-01'] : rms['rm-02'];
        const res = await gql('mutation($input: AssignRelationshipManagerInput!) { assignRelationshipManager(input: $input) { customer { id } } }', token, {
          input: { customerId: c.gid, relationshipManagerId: toGlobalId('StaffMember', other.id) },
        });
        return outcome(res, 'assignRelationshipManager.customer');
      },
    },
    'customers.ingest': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('mutation { upsertFxRates(input: { items: [] }) { userErrors { code } } }', token), 'upsertFxRates');
      },
    },
    'customers.readStaff': {
      untargeted: true,
      async run(token) {
        const res = await gql('query($id: ID!) { node(id: $id) { id } }', token, { id: toGlobalId('StaffMember', rms['rm-02'].id) });
        if (res.body.errors) return outcome(res, 'node');
        return res.body.data.node !== null;
      },
    },
    'offboarding.read': {
      async run(token, target) {
        const kase = await caseFor(target.book, 'CUSTOMER');
        return outcome(await gql('query($id: ID!) { offboardingCase(id: $id) { id } }', token, { id: kase.id }), 'offboardingCase');
      },
    },
    'offboarding.workCustomerExit': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const res = await gql('mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id } } }', token, {
          input: { customerId: c.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' },
        });
        return outcome(res, 'startOffboarding.offboardingCase');
      },
    },
    'offboarding.workBankExit': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const res = await gql('mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id } } }', token, {
          input: { customerId: c.gid, initiatedBy: 'BANK', reason: 'RISK_APPETITE' },
        });
        return outcome(res, 'startOffboarding.offboardingCase');
      },
    },
    'offboarding.cancelBankExit': {
      needs: [caps['offboarding.workBankExit']],
      async run(token, target) {
        const kase = await caseFor(target.book, 'BANK');
        const res = await gql('mutation($input: CancelOffboardingInput!) { cancelOffboarding(input: $input) { offboardingCase { state } } }', token, {
          input: { caseId: kase.id, version: kase.version, reason: 'probe' },
        });
        return outcome(res, 'cancelOffboarding.offboardingCase');
      },
    },
    'offboarding.approveBankExit': {
      needs: [caps['offboarding.workBankExit']],
      async run(token, target) {
        const kase = await caseFor(target.book, 'BANK', true);
        const res = await gql('mutation($input: CaseTransitionInput!) { approveExit(input: $input) { offboardingCase { state } } }', token, {
          input: { caseId: kase.id, version: kase.version },
        });
        return outcome(res, 'approveExit.offboardingCase');
      },
    },
    'offboarding.readAmlReasons': {
      needs: [readCases],
      async run(token, target) {
        const kase = await caseFor(target.book, 'BANK');
        const res = await gql('query($id: ID!) { offboardingCase(id: $id) { reason reasonWithheld } }', token, { id: kase.id });
        if (!outcome(res, 'offboardingCase')) return false;
        return res.body.data.offboardingCase.reasonWithheld === false && res.body.data.offboardingCase.reason === 'RISK_APPETITE';
      },
    },
    'offboarding.readStaff': {
      needs: [readCases],
      async run(token, target) {
        const kase = await caseFor(target.book, 'CUSTOMER');
        const res = await gql('query($id: ID!) { offboardingCase(id: $id) { id assignee { id } } }', token, { id: kase.id });
        if (res.body.errors) return outcome(res, 'offboardingCase');
        return true;
      },
    },
    'offboarding.erasureAndHolds': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const res = await gql('mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { legalHold { id } } }', token, {
          input: { customerId: c.gid, reason: 'probe' },
        });
        return outcome(res, 'placeLegalHold.legalHold');
      },
    },
    'offboarding.readHolds': {
      needs: [readCustomers],
      async run(token, target) {
        const c = await customerIn(target.book);
        await gql('mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { legalHold { id } } }', staffToken(t.config, 'COMPLIANCE_OFFICER', undefined, t.clock.now()), {
          input: { customerId: c.gid, reason: 'probe' },
        });
        const res = await gql('query($id: ID!) { customer(id: $id) { legalHold { id } } }', token, { id: c.gid });
        return outcome(res, 'customer.legalHold');
      },
    },
    'offboarding.recordWinBackAttempt': {
      async run(token, target) {
        const c = await customerIn(target.book, 'EXITED');
        const res = await gql('mutation($input: RecordWinBackAttemptInput!) { recordWinBackAttempt(input: $input) { customer { id } } }', token, {
          input: { customerId: c.gid, offer: 'probe', outcome: 'DECLINED' },
        });
        return outcome(res, 'recordWinBackAttempt');
      },
    },
    'offboarding.winBack': {
      async run(token, target) {
        const c = await customerIn(target.book, 'EXITED');
        const res = await gql('mutation($input: RecordWinBackInput!) { recordWinBack(input: $input) { userErrors { code } } }', token, {
          input: { customerId: c.gid, offer: 'probe' },
        });
        const allowed = outcome(res, 'recordWinBack');
        const { rows } = await t.sql.query('select status from customer where id = $1', [c.id]);
        expect(rows[0].status).toBe(allowed ? 'ACTIVE' : 'EXITED');
        return allowed;
      },
    },
    'offboarding.readWinBack': {
      needs: [readCustomers],
      async run(token, target) {
        const c = await customerIn(target.book, 'EXITED');
        return outcome(await gql('query($id: ID!) { customer(id: $id) { winBackAttempts { id } } }', token, { id: c.gid }), 'customer.winBackAttempts');
      },
    },
    'segments.manage': {
      untargeted: true,
      async run(token) {
        const res = await gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } } }', token, {
          input: { name: `Probe segment ${++n} ${randomUUID().slice(0, 6)}` },
        });
        return outcome(res, 'createSegment.segment');
      },
    },
    'segments.read': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ segments(first: 1) { edges { node { id } } } }', token), 'segments');
      },
    },
    'segments.readAnalytics': {
      // Figures count a customer exactly when the viewer's bound reaches them.
      async run(token, target) {
        const joinedAt = new Date(Date.UTC(2001, 0, 1, 0, ++n));
        await createCustomer(t.sql, { rmId: target.book ? rms[target.book].id : null, joinedAt });
        const res = await gql('query($from: DateTimeISO!, $to: DateTimeISO!) { cohortRetention(joinedFrom: $from, joinedTo: $to) { joined } }', token, {
          from: joinedAt.toISOString(), to: new Date(joinedAt.getTime() + 60_000).toISOString(),
        });
        if (!outcome(res, 'cohortRetention')) return false;
        return res.body.data.cohortRetention.length === 1 && res.body.data.cohortRetention[0].joined === 1;
      },
    },
    'audit.read': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ auditEvents(first: 1) { edges { node { id } } } }', token), 'auditEvents');
      },
    },
    'access.manageApiClients': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ apiClients(first: 1) { edges { node { id } } } }', token), 'apiClients');
      },
    },
  };
}

interface Caller {
  label: string;
  viewer: () => Viewer;
  token: () => Promise<string>;
}

const PAIRS: Role[][] = ROLES.filter((r) => r !== 'RELATIONSHIP_MANAGER').map((r) => ['RELATIONSHIP_MANAGER', r]);
const staffCallers: Caller[] = [...ROLES.map((r) => [r]), ...PAIRS].map((roles) => {
  const sub = roles.includes('RELATIONSHIP_MANAGER') ? 'rm-01' : `${roles[0].toLowerCase()}-01`;
  return {
    label: roles.join('+'),
    viewer: () => ({ kind: 'staff', subject: sub, staffUserId: roles.includes('RELATIONSHIP_MANAGER') ? rms['rm-01'].id : null, roles, name: sub, email: null }),
    token: async () => staffToken(t.config, roles as Role[], sub, t.clock.now()),
  };
});
const partnerCallers: Caller[] = SCOPES.map((scope) => {
  let token: string | undefined;
  let clientId = '';
  return {
    label: `partner with ${scope}`,
    viewer: () => ({ kind: 'partner', clientId, publicId: 'p', name: 'p', scopes: [scope] }),
    token: async () => {
      if (!token) {
        const p = await createPartnerToken(t, [scope]);
        token = p.token;
        clientId = p.clientId;
      }
      return token;
    },
  };
});

beforeAll(async () => {
  t = await createTestApp();
  rms['rm-01'] = await createStaff(t.sql, 'rm-01');
  rms['rm-02'] = await createStaff(t.sql, 'rm-02');
  admin = staffToken(t.config, 'ADMIN', undefined, t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

it('every capability of every module has a probe, and every probe a capability', () => {
  const names = defaultModules.flatMap((m) => Object.values(m.permissions?.capabilities ?? {}).map((c) => c.name)).sort();
  expect(Object.keys(probes()).sort()).toEqual(names);
});

describe.each([...staffCallers, ...partnerCallers])('$label', (caller) => {
  const all = defaultModules.flatMap((m) => Object.values(m.permissions?.capabilities ?? {}));
  it.each(all.map((c) => [c.name, c] as const))('%s: allowed exactly within its bound', async (_name, cap) => {
    const probe = probes()[cap.name];
    const token = await caller.token();
    const viewer = caller.viewer();
    const targets: Target[] = probe.untargeted ? [{ book: null, rmKey: null }] : BOOKS.map((book) => ({ book, rmKey: book ? rms[book].id : null }));
    for (const target of targets) {
      const expected = [cap, ...(probe.needs ?? [])].every((c) => {
        const reach = reachOf(viewer, c);
        return probe.untargeted ? reach?.kind === 'ALL' : reaches(reach, target.rmKey);
      });
      const got = await probe.run(token, target);
      if (got !== expected) throw new Error(`${caller.label} ${cap.name} on a customer of ${target.book ?? 'no manager'}: expected ${expected ? 'allowed' : 'refused'}, got ${got ? 'allowed' : 'refused'}`);
    }
  });
});

// The authorization matrix, generated: every rule-bearing field of the schema (root fields, field
// resolvers, personal data fields) × every role × every pair of roles with RELATIONSHIP_MANAGER × every
// partner scope × objects in rm-01's and rm-02's books. The expectation of each cell comes from the
// modules' permission tables; allowed callers must get data (an internal error fails), refused ones
// FORBIDDEN or NOT_FOUND, and no answer may carry an object or personal data outside the caller's reach.
// A rule-bearing field without a row in a permission table, or a mutation without a sample, fails.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { capabilitiesOf, type NamedCapability, reachOf, reaches, type Requirement, satisfies } from '../src/auth/permissions';
import { ROLES, type Role } from '../src/auth/roles';
import { KNOWN_SCOPES as SCOPES } from '../src/modules/access/public';
import type { Viewer } from '../src/auth/viewer';
import { buildKeelSchema, fieldsNeedingRules } from '../src/graphql/schema';
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { createAccount, createCustomer, createStaff, type StaffRow } from './support/factories';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';

const emitted = buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
const { raw } = buildKeelSchema(defaultModules);
const tables = defaultModules.map((m) => m.permissions).filter((p) => p !== undefined);
const nodeCapability = new Map(defaultModules.flatMap((m) => m.nodes ?? []).map((s) => [s.typeName, s.capability]));

// Platform fields, which no module owns: who am I (anyone), and any object by id (the type's own capability).
const PLATFORM = new Set(['Query.viewer', 'Query.node', 'Query.nodes']);

function requirementOf(coordinate: string): Requirement | undefined {
  const [type, field] = coordinate.split('.');
  for (const table of tables) if (table.fields[type]?.[field]) return table.fields[type][field];
  return undefined;
}

const ruleBearing = fieldsNeedingRules(raw, defaultModules.flatMap((m) => m.piiFields ?? []));

type Book = 'rm-01' | 'rm-02';
const BOOKS: Book[] = ['rm-01', 'rm-02'];

interface Fixture {
  rm: StaffRow;
  /** Global ids by type name of objects in this book. */
  ids: Record<string, string>;
  customer: { id: string; gid: string; email: string };
  exited: { gid: string };
  /** Its customer has this open case, so starting another exit for them is a userError. */
  openCase: { id: string; version: number; customerId: string };
  bankCase: { id: string; version: number };
  closedCase: { id: string };
  staticSegment: string;
}

let t: TestApp;
let admin: string;
const books = {} as Record<Book, Fixture>;
/** Every fixture object's uuid → the manager whose book it is in. */
const bookOfKey = new Map<string, string>();
/** Every fixture customer's email → the manager whose book the customer is in. */
const bookOfEmail = new Map<string, string>();
let apiClientId = '';

async function mutate(name: string, input: Record<string, unknown>, select: string, token = admin) {
  const inputType = (emitted.getType('Mutation') as GraphQLObjectType).getFields()[name].args[0].type.toString();
  const res = await t.gql(`mutation($input: ${inputType}) { ${name}(input: $input) { ${select} userErrors { code message } } }`, {
    token,
    variables: { input },
  });
  if (res.body.errors || res.body.data[name].userErrors.length) throw new Error(`${name}: ${JSON.stringify(res.body)}`);
  return res.body.data[name];
}

async function customerIn(rm: StaffRow, status = 'ACTIVE') {
  const ref = `MX-${randomUUID().slice(0, 8)}`;
  const email = `${ref.toLowerCase()}@matrix.example`;
  const c = await createCustomer(t.sql, { rmId: rm.id, externalRef: ref, email, status });
  if (status === 'EXITED') await t.sql.query('update customer set exited_at = now() where id = $1', [c.id]);
  bookOfKey.set(c.id, rm.id);
  bookOfEmail.set(email, rm.id);
  return { id: c.id, gid: toGlobalId('Customer', c.id), email };
}

const CASE = 'offboardingCase { id version checklist { id done } }';

async function fixture(rm: StaffRow): Promise<Fixture> {
  const customer = await customerIn(rm);
  const account = await createAccount(t.sql, customer.id);
  const snapshot = randomUUID();
  await t.sql.query(
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited, as_of) values ($1, now(), now(), $2, '2026-10-01', 3, 100, 100, 'EUR', 1, true, now())`,
    [snapshot, customer.id],
  );
  const compliance = staffToken(t.config, 'COMPLIANCE_OFFICER', 'compliance-09', t.clock.now());
  const hold = (await mutate('placeLegalHold', { customerId: customer.gid, reason: 'matrix' }, 'legalHold { id }', compliance)).legalHold;

  const exited = await customerIn(rm, 'EXITED');
  const attempt = (await mutate('recordWinBackAttempt', { customerId: exited.gid, offer: 'matrix', outcome: 'DECLINED' }, 'customer { winBackAttempts { id } }')).customer;

  // An open customer-initiated case in settlement (a checklist to read and tick).
  const leaving = await customerIn(rm);
  await createAccount(t.sql, leaving.id);
  let c = (await mutate('startOffboarding', { customerId: leaving.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' }, CASE)).offboardingCase;
  c = (await mutate('recordRetentionAttempt', { caseId: c.id, version: c.version, offer: 'matrix', answer: 'DECLINED' }, CASE)).offboardingCase;
  c = (await mutate('startSettlement', { caseId: c.id, version: c.version }, CASE)).offboardingCase;

  // A bank-initiated case waiting for approval.
  const exiting = await customerIn(rm);
  let b = (await mutate('startOffboarding', { customerId: exiting.gid, initiatedBy: 'BANK', reason: 'RISK_APPETITE' }, CASE)).offboardingCase;
  b = (await mutate('submitForApproval', { caseId: b.id, version: b.version }, CASE)).offboardingCase;

  // A closed case, for its final statement.
  const left = await customerIn(rm);
  let d = (await mutate('startOffboarding', { customerId: left.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' }, CASE)).offboardingCase;
  d = (await mutate('recordRetentionAttempt', { caseId: d.id, version: d.version, offer: 'matrix', answer: 'DECLINED' }, CASE)).offboardingCase;
  d = (await mutate('startSettlement', { caseId: d.id, version: d.version }, CASE)).offboardingCase;
  for (const item of d.checklist) {
    d = (await mutate('completeChecklistItem', { itemId: item.id, destination: 'DE89 3704 0044 0532 0130 00' }, CASE)).offboardingCase;
  }
  d = (await mutate('closeOffboarding', { caseId: d.id, version: d.version }, CASE)).offboardingCase;

  // A segment holding customers of both books, and a static one to add to and remove from.
  const seg = (await mutate('createSegment', { name: `Matrix ${rm.subject}`, rule: { condition: { field: 'customers.region', operator: 'IS_NULL' } } }, 'segment { id }')).segment;
  const stat = (await mutate('createSegment', { name: `Matrix static ${rm.subject}` }, 'segment { id }')).segment;

  for (const gid of [c.id, b.id, d.id, hold.id, attempt.winBackAttempts[0].id, ...c.checklist.map((i: { id: string }) => i.id)]) {
    bookOfKey.set(parseGlobalId(gid)!.key, rm.id);
  }
  bookOfKey.set(account.id, rm.id);
  bookOfKey.set(snapshot, rm.id);
  return {
    rm,
    customer,
    exited,
    openCase: { id: c.id, version: c.version, customerId: leaving.gid },
    bankCase: { id: b.id, version: b.version },
    closedCase: { id: d.id },
    staticSegment: stat.id,
    ids: {
      Segment: seg.id,
      Customer: customer.gid,
      Account: toGlobalId('Account', account.id),
      ActivitySnapshot: toGlobalId('ActivitySnapshot', snapshot),
      LegalHold: hold.id,
      WinBackAttempt: attempt.winBackAttempts[0].id,
      OffboardingCase: c.id,
      ChecklistItem: c.checklist[0].id,
    },
  };
}

interface Sample {
  document: string;
  variables: (f: Fixture) => Record<string, unknown>;
}

/** A small selection for a field of this type: ids where there are ids, so that leaks show. */
function connectionSelection(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const edges = named.getFields().edges;
  if (edges) {
    const nodeType = getNamedType((getNamedType(edges.type) as GraphQLObjectType).getFields().node.type) as GraphQLObjectType;
    return `{ edges { node { ${nodeType.getFields().id ? 'id' : '__typename'} } } }`;
  }
  return named.getFields().id ? '{ id }' : '{ __typename }';
}

/** Reads a non-root field through node(id:) on an object of its type in the book. */
function fieldSample(typeName: string, field: GraphQLField<unknown, unknown>): Sample {
  const extra = typeName === 'Customer' ? 'email' : '';
  return {
    document: `query($id: ID!) { node(id: $id) { ... on ${typeName} { ${field.name} ${connectionSelection(field.type)} ${extra === field.name ? '' : extra} } } }`,
    variables: (f) => ({ id: f.ids[typeName] }),
  };
}

const QUERY_ARGS: Record<string, (f: Fixture) => Record<string, unknown>> = {
  customer: (f) => ({ id: f.customer.gid }),
  offboardingCase: (f) => ({ id: f.openCase.id }),
  node: (f) => ({ id: f.customer.gid }),
  nodes: (f) => ({ ids: [f.customer.gid, f.openCase.id] }),
  finalStatement: (f) => ({ input: { caseId: f.closedCase.id } }),
  segment: (f) => ({ id: f.ids.Segment }),
  segmentPreview: () => ({ rule: { condition: { field: 'customers.tenureMonths', operator: 'GTE', value: { number: 0 } } } }),
  churnAnalytics: () => ({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', granularity: 'QUARTER' }),
  cohortRetention: () => ({ joinedFrom: '2019-01-01T00:00:00Z', joinedTo: '2027-01-01T00:00:00Z' }),
};

function querySample(field: GraphQLField<unknown, unknown>): Sample {
  const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const decl = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const select = field.name === 'node' || field.name === 'nodes' ? '{ id ... on Customer { email } }' : field.name === 'customers' ? '{ edges { node { id email } } }' : connectionSelection(field.type);
  return {
    document: `query${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''} ${select} }`,
    variables: (f) => (args.length ? QUERY_ARGS[field.name](f) : {}),
  };
}

let n = 0;
// Inputs that reach the permission checks and change nothing that later cells depend on: stale versions
// (CONFLICT after the checks), customers already in the state asked for (a userError), empty batches.
const MUTATION_INPUTS: Record<string, (f: Fixture) => Record<string, unknown>> = {
  createCustomer: () => ({ externalRef: `MX-NEW-${++n}-${randomUUID().slice(0, 6)}`, firstName: 'Matrix', lastName: 'New' }),
  updateCustomer: (f) => ({ id: f.customer.gid, version: 999, region: 'Nowhere' }),
  assignRelationshipManager: (f) => ({ customerId: f.customer.gid, relationshipManagerId: toGlobalId('StaffMember', f.rm.id) }),
  upsertCustomers: () => ({ items: [] }),
  upsertAccounts: () => ({ items: [] }),
  recordActivitySnapshots: () => ({ items: [] }),
  upsertFxRates: () => ({ items: [] }),
  startOffboarding: (f) => ({ customerId: f.openCase.customerId, initiatedBy: 'CUSTOMER', reason: 'FEES' }),
  recordRetentionAttempt: (f) => ({ caseId: f.openCase.id, version: 999, offer: 'matrix', answer: 'DECLINED' }),
  retainCustomer: (f) => ({ caseId: f.openCase.id, version: 999 }),
  submitForApproval: (f) => ({ caseId: f.openCase.id, version: 999 }),
  approveExit: (f) => ({ caseId: f.bankCase.id, version: 999 }),
  notifyCustomer: (f) => ({ caseId: f.bankCase.id, version: 999 }),
  startSettlement: (f) => ({ caseId: f.openCase.id, version: 999 }),
  closeOffboarding: (f) => ({ caseId: f.openCase.id, version: 999 }),
  cancelOffboarding: (f) => ({ caseId: f.openCase.id, version: 999, reason: 'matrix' }),
  assignOffboardingCase: (f) => ({ caseId: f.openCase.id, version: 999, assigneeId: null }),
  completeChecklistItem: (f) => ({ itemId: f.ids.ChecklistItem, destination: 'DE89 3704 0044 0532 0130 00' }),
  requestErasure: (f) => ({ customerId: f.customer.gid }),
  placeLegalHold: (f) => ({ customerId: f.customer.gid, reason: 'matrix' }),
  releaseLegalHold: (f) => ({ customerId: f.exited.gid, note: 'matrix' }),
  recordWinBackAttempt: (f) => ({ customerId: f.customer.gid, offer: 'matrix', outcome: 'DECLINED' }),
  recordWinBack: (f) => ({ customerId: f.customer.gid, offer: 'matrix' }),
  createApiClient: () => ({ name: `matrix ${++n}`, scopes: ['customers:read'] }),
  rotateApiClientToken: () => ({ id: apiClientId }),
  revokeApiClient: () => ({ id: toGlobalId('ApiClient', randomUUID()) }),
  updateApiClient: () => ({ id: apiClientId, name: `matrix client ${++n}` }),
  createSegment: () => ({ name: `Matrix new ${++n} ${randomUUID().slice(0, 6)}` }),
  updateSegment: (f) => ({ id: f.ids.Segment, version: 999, name: `Matrix stale ${++n}` }),
  refreshSegment: (f) => ({ id: f.ids.Segment }),
  addSegmentMembers: (f) => ({ segmentId: f.staticSegment, customerIds: [f.customer.gid] }),
  removeSegmentMembers: (f) => ({ segmentId: f.staticSegment, customerIds: [toGlobalId('Customer', randomUUID())] }),
};

function mutationSample(field: GraphQLField<unknown, unknown>): Sample {
  const inputType = field.args[0].type.toString();
  const payload = getNamedType(field.type) as GraphQLObjectType;
  const select = Object.keys(payload.getFields()).includes('userErrors') ? '{ userErrors { code } }' : '{ __typename }';
  const make = MUTATION_INPUTS[field.name];
  return {
    document: `mutation($input: ${inputType}) { ${field.name}(input: $input) ${select} }`,
    variables: (f) => ({ input: make(f) }),
  };
}

function sampleFor(coordinate: string): Sample | undefined {
  const [typeName, fieldName] = coordinate.split('.');
  const type = emitted.getType(typeName) as GraphQLObjectType;
  const field = type.getFields()[fieldName];
  if (typeName === 'Query') return querySample(field);
  if (typeName === 'Mutation') return MUTATION_INPUTS[fieldName] ? mutationSample(field) : undefined;
  return fieldSample(typeName, field);
}

interface Caller {
  label: string;
  viewer: () => Viewer | null;
  token: () => Promise<string | undefined>;
}

const PAIRS: Role[][] = ROLES.filter((r) => r !== 'RELATIONSHIP_MANAGER').map((r) => ['RELATIONSHIP_MANAGER', r]);
const callers: Caller[] = [
  ...[...ROLES.map((r) => [r]), ...PAIRS].map((roles): Caller => {
    const sub = roles.includes('RELATIONSHIP_MANAGER') ? 'rm-01' : `${roles[0].toLowerCase()}-01`;
    return {
      label: roles.join('+'),
      viewer: () => ({ kind: 'staff', subject: sub, staffUserId: roles.includes('RELATIONSHIP_MANAGER') ? books['rm-01'].rm.id : null, roles, name: sub, email: null }),
      token: async () => staffToken(t.config, roles, sub, t.clock.now()),
    };
  }),
  ...SCOPES.map((scope): Caller => {
    let made: { token: string; clientId: string } | undefined;
    return {
      label: `partner with ${scope}`,
      viewer: () => ({ kind: 'partner', clientId: made?.clientId ?? '', publicId: 'p', name: 'p', scopes: [scope] }),
      token: async () => (made ??= await createPartnerToken(t, [scope])).token,
    };
  }),
  { label: 'anonymous', viewer: () => null, token: async () => undefined },
];

beforeAll(async () => {
  // Thousands of requests from one address: budgets are another test's subject.
  t = await createTestApp({ env: { RATE_LIMIT_ANONYMOUS_POINTS: '1000000' } });
  admin = staffToken(t.config, 'ADMIN', undefined, t.clock.now());
  const rm1 = await createStaff(t.sql, 'rm-01');
  const rm2 = await createStaff(t.sql, 'rm-02');
  books['rm-01'] = await fixture(rm1);
  books['rm-02'] = await fixture(rm2);
  apiClientId = (await createPartnerToken(t, ['customers:read'])).id;
});
afterAll(async () => {
  await t?.close();
});

it('every rule-bearing field has a row in a permission table (or is a platform field) and a sample', () => {
  const withoutRow = ruleBearing.filter((c) => !PLATFORM.has(c) && !requirementOf(c));
  const withoutSample = ruleBearing.filter((c) => !sampleFor(c));
  expect({ withoutRow, withoutSample }).toEqual({ withoutRow: [], withoutSample: [] });
  // The emitted schema and the one the server builds declare the same rule-bearing fields.
  for (const c of ruleBearing) expect(emitted.getType(c.split('.')[0])).toBeDefined();
  expect(ruleBearing.length).toBeGreaterThanOrEqual(57);
});

/** Global ids in an answer that name a fixture object outside the caller's reach for its type. */
function leaks(data: unknown, viewer: Viewer | null): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    else if (typeof v === 'string') {
      const email = bookOfEmail.get(v);
      if (email !== undefined) {
        const cap = defaultModules.flatMap((m) => Object.values(m.permissions?.capabilities ?? {})).find((c) => c.name === 'customers.readPii')!;
        if (!reaches(reachOf(viewer, cap), email)) out.push(`email ${v}`);
      }
      const id = parseGlobalId(v);
      const rm = id ? bookOfKey.get(id.key) : undefined;
      const cap = id ? nodeCapability.get(id.type) : undefined;
      if (id && rm !== undefined && cap && !reaches(reachOf(viewer, cap), rm)) out.push(`${id.type} ${v}`);
    }
  };
  walk(data);
  return out;
}

const REFUSED = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

function expectedToPass(coordinate: string, viewer: Viewer | null): boolean {
  if (coordinate === 'Query.viewer') return true;
  if (coordinate === 'Query.node' || coordinate === 'Query.nodes') return viewer !== null;
  return viewer !== null && satisfies(viewer, requirementOf(coordinate)!);
}

/** For a field read through node(id:): whether the parent object comes back at all. */
function parentVisible(typeName: string, viewer: Viewer | null, rm: string): boolean {
  const cap = nodeCapability.get(typeName) as NamedCapability;
  return reaches(reachOf(viewer, cap), rm);
}

describe.each(callers)('$label', (caller) => {
  it.each(ruleBearing)('%s', async (coordinate) => {
    const sample = sampleFor(coordinate)!;
    const [typeName] = coordinate.split('.');
    const viewer = caller.viewer();
    const token = await caller.token();
    for (const book of BOOKS) {
      const f = books[book];
      const res = await t.gql(sample.document, { token, variables: sample.variables(f) });
      const where = `${caller.label} ${coordinate} on ${book}'s objects`;
      const errors = (res.body.errors ?? []) as { message: string; extensions?: { code?: string } }[];
      const codes = errors.map((e) => String(e.extensions?.code));
      if (codes.includes('INTERNAL_SERVER_ERROR')) throw new Error(`${where}: internal error ${JSON.stringify(errors)}`);
      const leaked = leaks(res.body.data, viewer);
      if (leaked.length) throw new Error(`${where}: leaked ${leaked.join(', ')}`);

      const passes = expectedToPass(coordinate, viewer);
      if (typeName !== 'Query' && typeName !== 'Mutation') {
        // Read through node(id:): no parent, nothing to judge; otherwise the field is data or refused.
        if (!parentVisible(typeName, viewer, f.rm.id)) {
          if (viewer === null) expect(codes).toEqual(['UNAUTHENTICATED']);
          else if (res.body.data?.node !== null) throw new Error(`${where}: the parent came back outside the caller's reach`);
          continue;
        }
        if (passes) {
          if (codes.length) throw new Error(`${where}: expected data, got ${JSON.stringify(errors)}`);
          expect(res.body.data.node).not.toBeNull();
        } else if (!codes.length || !codes.every((c) => REFUSED.has(c))) {
          throw new Error(`${where}: expected a refusal, got ${JSON.stringify(res.body)}`);
        }
        continue;
      }
      if (!passes) {
        if (!codes.length || !codes.every((c) => REFUSED.has(c))) throw new Error(`${where}: expected a refusal, got ${JSON.stringify(res.body)}`);
        continue;
      }
      if (codes.some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN' && typeName === 'Query')) {
        // Queries have no object-level FORBIDDEN: outside the bound an object is NOT_FOUND or left out.
        throw new Error(`${where}: expected to pass the rules, got ${JSON.stringify(errors)}`);
      }
      if (typeName === 'Query' && !codes.length) {
        const fieldName = coordinate.split('.')[1];
        if (res.body.data[fieldName] === undefined) throw new Error(`${where}: no data`);
      }
    }
  });
});

it('counts the cells it checks', () => {
  const requirements = ruleBearing.filter((c) => !PLATFORM.has(c)).map((c) => requirementOf(c)!);
  expect(new Set(requirements.flatMap((r) => capabilitiesOf(r).map((c) => c.name))).size).toBeGreaterThan(10);
  expect(callers.length * ruleBearing.length).toBeGreaterThan(1000);
});

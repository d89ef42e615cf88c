// The authorization matrix, generated: every rule-bearing field of the schema (root fields, field
// resolvers, personal data fields) × every role × every pair of roles with RELATIONSHIP_MANAGER × every
// partner scope × objects in rm-01's and rm-02's books. The expectation of each cell comes from the
// modules' permission tables; allowed callers must get data (an internal error fails), refused ones
// FORBIDDEN or NOT_FOUND, and no answer may carry an object or personal data outside the caller's reach.
// A rule-bearing field without a row in a permission table, or a mutation without a sample, fails.
import { DEFAULT_MODEL_ID } from '../src/modules/risk/migrations/Migration20261201300100_risk';
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
// Subscriptions are served over WebSocket, not HTTP: their rules are checked by test/subscriptions.test.ts.
const overHttp = ruleBearing.filter((c) => !c.startsWith('Subscription.'));

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
  suspendedLoyaltyAccount: string;
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

  // A complaint, for the feedback fields and handling steps.
  const complaint = (await mutate('recordFeedback', { customerId: customer.gid, kind: 'COMPLAINT', channel: 'PHONE', text: 'matrix' }, 'feedback { id }')).feedback;

  // A loyalty account with an entry, and a suspended one.
  const loyalty = (await mutate('enrollCustomer', { customerId: customer.gid }, 'loyaltyAccount { id }')).loyaltyAccount;
  const entry = (await mutate('earnPoints', { accountId: loyalty.id, amount: 10, idempotencyKey: `matrix-${rm.subject}` }, 'entry { id }')).entry;
  const suspended = (await mutate('enrollCustomer', { customerId: (await customerIn(rm)).gid }, 'loyaltyAccount { id }')).loyaltyAccount;
  await mutate('suspendLoyaltyAccount', { accountId: suspended.id, reason: 'matrix' }, 'loyaltyAccount { id }');


  // A retention offer proposed to the customer (open: proposing it again is a userError), and one withdrawn.
  await t.sql.query('update customer set marketing_consent = true where id = $1', [customer.id]);
  const window = { validFrom: t.clock.now().toISOString(), validUntil: new Date(t.clock.now().getTime() + 365 * 86_400_000).toISOString() };
  const retentionOffer = (await mutate('createRetentionOffer', { kind: 'FEE_WAIVER', name: 'matrix', terms: 'matrix', value: 1, ...window }, 'retentionOffer { id }')).retentionOffer;
  const withdrawnOffer = (await mutate('createRetentionOffer', { kind: 'FEE_WAIVER', name: 'matrix', terms: 'matrix', value: 1, ...window }, 'retentionOffer { id }')).retentionOffer;
  const proposal = (await mutate('proposeOffer', { offerId: retentionOffer.id, customerId: customer.gid }, 'offerAssignment { id }')).offerAssignment;
  const withdrawn = (await mutate('proposeOffer', { offerId: withdrawnOffer.id, customerId: customer.gid }, 'offerAssignment { id }')).offerAssignment;
  await mutate('withdrawOffer', { assignmentId: withdrawn.id }, 'offerAssignment { id }');
  bookOfKey.set(parseGlobalId(proposal.id)!.key, rm.id);
  bookOfKey.set(parseGlobalId(withdrawn.id)!.key, rm.id);
  // A segment holding customers of both books, and a static one to add to and remove from.
  const seg = (await mutate('createSegment', { name: `Matrix ${rm.subject}`, rule: { condition: { field: 'customers.region', operator: 'IS_NULL' } } }, 'segment { id }')).segment;
  const stat = (await mutate('createSegment', { name: `Matrix static ${rm.subject}` }, 'segment { id }')).segment;
  // A launched campaign of the offer to that segment (campaigns span books: no book holds it).
  const draft = (await mutate('createCampaign', { name: `Matrix ${rm.subject}`, offerId: retentionOffer.id, segmentId: seg.id, channel: 'EMAIL', holdoutPercent: 10 }, 'campaign { id version }')).campaign;
  const campaign = (await mutate('launchCampaign', { id: draft.id, version: draft.version }, 'campaign { id }')).campaign;

  for (const gid of [loyalty.id, entry.id, suspended.id, c.id, b.id, d.id, hold.id, complaint.id, attempt.winBackAttempts[0].id, ...c.checklist.map((i: { id: string }) => i.id)]) {
    bookOfKey.set(parseGlobalId(gid)!.key, rm.id);
  }
  bookOfKey.set(account.id, rm.id);
  bookOfKey.set(snapshot, rm.id);
  // An incident touching this book's customer, with a complaint of theirs linked and one update.
  const incident = (await mutate('openIncident', { title: `matrix ${rm.subject}`, kind: 'OUTAGE', severity: 'HIGH' }, 'incident { id }')).incident;
  await mutate('linkIncidentCustomers', { incidentId: incident.id, customerIds: [customer.gid] }, 'linked');
  const complaintKey = randomUUID();
  await t.sql.query(
    `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, text, status, severity, received_at, acknowledge_by, resolve_by)
     values ($1, now(), now(), $2, 'PHONE', 'COMPLAINT', 'matrix', 'OPEN', 'LOW', now(), now() + interval '2 days', now() + interval '8 weeks')`,
    [complaintKey, customer.id],
  );
  await mutate('linkComplaintToIncident', { incidentId: incident.id, complaintId: toGlobalId('Feedback', complaintKey) }, 'complaint { id }');
  await mutate('postIncidentUpdate', { incidentId: incident.id, message: 'matrix', customerVisible: true, channel: 'WEBSITE' }, 'update { postedAt }');
  bookOfKey.set(parseGlobalId(incident.id)!.key, rm.id);
  bookOfKey.set(complaintKey, rm.id);
  return {
    rm,
    customer,
    exited,
    openCase: { id: c.id, version: c.version, customerId: leaving.gid },
    suspendedLoyaltyAccount: suspended.id,
    bankCase: { id: b.id, version: b.version },
    closedCase: { id: d.id },
    staticSegment: stat.id,
    ids: {
      Segment: seg.id,
      Campaign: campaign.id,
      Customer: customer.gid,
      Account: toGlobalId('Account', account.id),
      ActivitySnapshot: toGlobalId('ActivitySnapshot', snapshot),
      LegalHold: hold.id,
      WinBackAttempt: attempt.winBackAttempts[0].id,
      OffboardingCase: c.id,
      ChecklistItem: c.checklist[0].id,
      Feedback: complaint.id,
      Incident: incident.id,
      IncidentComplaint: toGlobalId('Feedback', complaintKey),
      LoyaltyAccount: loyalty.id,
      PointsEntry: entry.id,
      RetentionOffer: retentionOffer.id,
      OfferAssignment: proposal.id,
      WithdrawnOfferAssignment: withdrawn.id,
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
  incident: (f) => ({ id: f.ids.Incident }),
  loyaltyAccount: (f) => ({ id: f.ids.LoyaltyAccount }),
  loyaltyStatement: (f) => ({ input: { accountId: f.ids.LoyaltyAccount, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' } }),
  riskModel: () => ({ id: toGlobalId('RiskModel', DEFAULT_MODEL_ID) }),
  segment: (f) => ({ id: f.ids.Segment }),
  segmentPreview: () => ({ rule: { condition: { field: 'customers.tenureMonths', operator: 'GTE', value: { number: 0 } } } }),
  churnAnalytics: () => ({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', granularity: 'QUARTER' }),
  cohortRetention: () => ({ joinedFrom: '2019-01-01T00:00:00Z', joinedTo: '2027-01-01T00:00:00Z' }),
  webhookDeliveries: () => ({ subscriptionId: toGlobalId('WebhookSubscription', randomUUID()) }),
  campaign: (f) => ({ id: f.ids.Campaign }),
  retentionPerformance: () => ({ from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }),
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
  // Loyalty: replays of one key, amounts beyond the balance, and accounts already in the state asked for.
  enrollCustomer: (f) => ({ customerId: f.customer.gid }),
  enrollCustomers: (f) => ({ customers: [f.customer.gid] }),
  earnPoints: (f) => ({ accountId: f.ids.LoyaltyAccount, amount: 10, idempotencyKey: `matrix-${f.rm.subject}` }),
  redeemPoints: (f) => ({ accountId: f.ids.LoyaltyAccount, amount: 999999, idempotencyKey: `matrix-redeem-${++n}` }),
  suspendLoyaltyAccount: (f) => ({ accountId: f.suspendedLoyaltyAccount, reason: 'matrix' }),
  reactivateLoyaltyAccount: (f) => ({ accountId: f.ids.LoyaltyAccount }),
  adjustPoints: (f) => ({ accountId: f.ids.LoyaltyAccount, amount: 5000, direction: 'DEBIT', reason: 'matrix', idempotencyKey: `matrix-adjust-${++n}` }),
  approvePointsAdjustment: () => ({ adjustmentId: toGlobalId('PointsAdjustment', randomUUID()), idempotencyKey: `matrix-approve-${++n}` }),
  reversePointsEntry: () => ({ entryId: toGlobalId('PointsEntry', randomUUID()), reason: 'matrix', idempotencyKey: `matrix-reverse-${++n}` }),
  settleLoyaltyAtExit: (f) => ({ accountId: f.ids.PointsEntry, idempotencyKey: `matrix-settle-${++n}` }),
  createApiClient: () => ({ name: `matrix ${++n}`, scopes: ['customers:read'] }),
  rotateApiClientToken: () => ({ id: apiClientId }),
  revokeApiClient: () => ({ id: toGlobalId('ApiClient', randomUUID()) }),
  updateApiClient: () => ({ id: apiClientId, name: `matrix client ${++n}` }),
  recordFeedback: (f) => ({ customerId: f.customer.gid, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 11 }),
  importSurveyResponses: () => ({ items: [] }),
  acknowledgeFeedback: (f) => ({ feedbackId: f.ids.Feedback, expectedVersion: 999 }),
  assignFeedback: (f) => ({ feedbackId: f.ids.Feedback, expectedVersion: 999, assigneeId: null }),
  startWorkOnFeedback: (f) => ({ feedbackId: f.ids.Feedback, expectedVersion: 999 }),
  resolveFeedback: (f) => ({ feedbackId: f.ids.Feedback, expectedVersion: 999, resolution: 'matrix', outcome: 'UPHELD' }),
  reopenFeedback: (f) => ({ feedbackId: f.ids.Feedback, expectedVersion: 999 }),
  escalateFeedback: (f) => ({ feedbackId: f.ids.Feedback, expectedVersion: 999 }),
  openIncident: () => ({ title: '', kind: 'OUTAGE', severity: 'LOW' }),
  updateIncidentStatus: (f) => ({ incidentId: f.ids.Incident, expectedVersion: 999, status: 'MONITORING' }),
  linkIncidentCustomers: (f) => ({ incidentId: f.ids.Incident, customerIds: [f.customer.gid] }),
  // The book's own static segment: linking it keeps the fixture's incidents within their books.
  linkIncidentSegment: (f) => ({ incidentId: f.ids.Incident, segmentId: f.staticSegment }),
  linkComplaintToIncident: (f) => ({ incidentId: f.ids.Incident, complaintId: f.ids.IncidentComplaint }),
  postIncidentUpdate: (f) => ({ incidentId: f.ids.Incident, message: '', customerVisible: false, channel: 'INTERNAL' }),
  createRetentionOffer: () => ({ kind: 'FEE_WAIVER', name: `matrix ${++n}`, terms: 'matrix', value: 1, validFrom: t.clock.now().toISOString(), validUntil: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }),
  updateRetentionOffer: (f) => ({ offerId: f.ids.RetentionOffer, version: 999, name: 'matrix' }),
  retireRetentionOffer: (f) => ({ offerId: f.ids.RetentionOffer, version: 999 }),
  proposeOffer: (f) => ({ offerId: f.ids.RetentionOffer, customerId: f.customer.gid }),
  respondToOffer: (f) => ({ assignmentId: f.ids.WithdrawnOfferAssignment, answer: 'ACCEPT', idempotencyKey: `matrix-${++n}` }),
  withdrawOffer: (f) => ({ assignmentId: f.ids.WithdrawnOfferAssignment }),
  // An unknown customer, an unknown feature, an ACTIVE model: each a userError after the checks.
  importExitHistory: () => ({ items: [{ customerExternalRef: 'MX-NO-SUCH', exitedAt: '2020-01-01T00:00:00Z', initiator: 'CUSTOMER' }] }),
  trainRiskModel: () => ({ snapshotDates: ['2020-01-01', '2020-02-01'], horizonMonths: 3, regularisation: 1, features: ['matrix.noSuchFeature'] }),
  activateRiskModel: () => ({ modelId: toGlobalId('RiskModel', DEFAULT_MODEL_ID) }),
  acknowledgeRiskAlert: () => ({ alertId: toGlobalId('RiskAlert', randomUUID()) }),
  recordExternalRiskScores: () => ({ source: 'Matrix platform', items: [{ customerExternalRef: 'MX-NO-SUCH', score: 0.5, computedAt: '2020-01-01T00:00:00Z' }] }),
  createSegment: () => ({ name: `Matrix new ${++n} ${randomUUID().slice(0, 6)}` }),
  updateSegment: (f) => ({ id: f.ids.Segment, version: 999, name: `Matrix stale ${++n}` }),
  refreshSegment: (f) => ({ id: f.ids.Segment }),
  addSegmentMembers: (f) => ({ segmentId: f.staticSegment, customerIds: [f.customer.gid] }),
  removeSegmentMembers: (f) => ({ segmentId: f.staticSegment, customerIds: [toGlobalId('Customer', randomUUID())] }),
  // A loopback target (refused outside test configuration) and unknown subscriptions: nothing is written.
  createWebhookSubscription: () => ({ url: 'https://127.0.0.1/matrix', eventTypes: ['feedback.received'] }),
  rotateWebhookSecret: () => ({ id: toGlobalId('WebhookSubscription', randomUUID()) }),
  pauseWebhookSubscription: () => ({ id: toGlobalId('WebhookSubscription', randomUUID()) }),
  resumeWebhookSubscription: () => ({ id: toGlobalId('WebhookSubscription', randomUUID()) }),
  deleteWebhookSubscription: () => ({ id: toGlobalId('WebhookSubscription', randomUUID()) }),
  redeliverWebhookEvent: () => ({ subscriptionId: toGlobalId('WebhookSubscription', randomUUID()), eventId: randomUUID() }),
  createCampaign: (f) => ({ name: `Matrix new ${++n}`, offerId: f.ids.RetentionOffer, segmentId: f.ids.Segment, channel: 'SMS', holdoutPercent: 20 }),
  launchCampaign: (f) => ({ id: f.ids.Campaign, version: 999 }),
  closeCampaign: (f) => ({ id: f.ids.Campaign, version: 999 }),
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
  const withoutSample = overHttp.filter((c) => !sampleFor(c));
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
  it.each(overHttp)('%s', async (coordinate) => {
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

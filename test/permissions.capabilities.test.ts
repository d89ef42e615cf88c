// Every capability of every module's permission table, probed through the API by every single role,
// every pair of roles with RELATIONSHIP_MANAGER, and partners with each scope, on customers in the
// viewer's own book, in another manager's book and in nobody's. What the API lets through must be
// exactly what the table grants, bound included: a capability without a probe here fails the test.
import { DEFAULT_MODEL_ID } from '../src/modules/risk/migrations/Migration20261201300100_risk';
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

/** A current risk score of the default model for the customer, written directly. */
async function scored(customerId: string): Promise<void> {
  await t.sql.query(
    `with m as (select id, version from risk_model where status = 'ACTIVE'),
     s as (insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, triggered_by, computed_at)
           select gen_random_uuid(), $1, m.id, m.version, 'MODEL', 0.2, 'MEDIUM', -1.386, 'BATCH', now() from m returning *)
     insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at)
     select customer_id, id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at from s`,
    [customerId],
  );
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

/** A complaint of the customer, recorded by an admin. */
async function feedbackFor(customerGid: string): Promise<{ id: string; version: number }> {
  const res = await t.gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id version } } }', {
    token: admin,
    variables: { input: { customerId: customerGid, kind: 'COMPLAINT', channel: 'PHONE', text: 'probe' } },
  });
  return res.body.data.recordFeedback.feedback;
}

/** A loyalty account of a new customer in `book`, enrolled and holding 10 points (arranged by an admin). */
async function loyaltyAccountIn(book: Book): Promise<string> {
  const c = await customerIn(book);
  const res = await t.gql('mutation($input: EnrollCustomerInput!) { enrollCustomer(input: $input) { loyaltyAccount { id } } }', {
    token: admin,
    variables: { input: { customerId: c.gid } },
  });
  const id = res.body.data.enrollCustomer.loyaltyAccount.id;
  await t.gql('mutation($input: EarnPointsInput!) { earnPoints(input: $input) { entry { id } } }', {
    token: admin,
    variables: { input: { accountId: id, amount: 10, idempotencyKey: randomUUID() } },
  });
  return id;
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
    'feedback.read': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const f = await feedbackFor(c.gid);
        const res = await gql('query($id: ID!) { feedback(first: 5, filter: { customerId: $id }) { edges { node { id } } } }', token, { id: c.gid });
        if (!outcome(res, 'feedback')) return false;
        return res.body.data.feedback.edges.some((e: { node: { id: string } }) => e.node.id === f.id);
      },
    },
    'feedback.record': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const res = await gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { userErrors { code } } }', token, {
          input: { customerId: c.gid, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 7 },
        });
        if (!outcome(res, 'recordFeedback.userErrors')) return false;
        if (res.body.data.recordFeedback.userErrors.length) throw new Error(`feedback.record: ${JSON.stringify(res.body)}`);
        return true;
      },
    },
    'feedback.work': {
      async run(token, target) {
        const c = await customerIn(target.book);
        const f = await feedbackFor(c.gid);
        const res = await gql('mutation($input: FeedbackStepInput!) { escalateFeedback(input: $input) { userErrors { code } } }', token, {
          input: { feedbackId: f.id, expectedVersion: f.version },
        });
        if (!outcome(res, 'escalateFeedback.userErrors')) return false;
        if (res.body.data.escalateFeedback.userErrors.length) throw new Error(`feedback.work: ${JSON.stringify(res.body)}`);
        return true;
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
    'feedback.analytics': {
      async run(token, target) {
        // A complaint about a topic of its own: the statistics count it exactly when they reach its customer.
        const c = await customerIn(target.book);
        const topic = `probe-${randomUUID()}`;
        await t.sql.query(
          `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, nps, topics, status, severity, received_at)
           values ($1, now(), now(), $2, 'SURVEY', 'SATISFACTION_SURVEY', 9, array[$3], 'OPEN', 'LOW', $4)`,
          [randomUUID(), c.id, topic, new Date(t.clock.now().getTime() - 3_600_000)],
        );
        const res = await gql('query($topic: String!) { feedbackStats(filter: { topic: $topic }) { rows { count nps } } }', token, { topic });
        if (!outcome(res, 'feedbackStats')) return false;
        return res.body.data.feedbackStats.rows[0].count === 1;
      },
    },
    'loyalty.read': {
      async run(token, target) {
        const id = await loyaltyAccountIn(target.book);
        return outcome(await gql('query($id: ID!) { loyaltyAccount(id: $id) { pointsBalance } }', token, { id }), 'loyaltyAccount');
      },
    },
    'loyalty.write': {
      async run(token, target) {
        const id = await loyaltyAccountIn(target.book);
        const res = await gql('mutation($input: EarnPointsInput!) { earnPoints(input: $input) { entry { id } } }', token, {
          input: { accountId: id, amount: 1, idempotencyKey: randomUUID() },
        });
        return outcome(res, 'earnPoints.entry');
      },
    },
    'loyalty.adjust': {
      async run(token, target) {
        const id = await loyaltyAccountIn(target.book);
        const res = await gql('mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { entry { id } } }', token, {
          input: { accountId: id, amount: 1, direction: 'CREDIT', reason: 'probe', idempotencyKey: randomUUID() },
        });
        return outcome(res, 'adjustPoints.entry');
      },
    },
    'loyalty.settleAtExit': {
      async run(token, target) {
        const id = await loyaltyAccountIn(target.book);
        const res = await gql('mutation($input: SettleLoyaltyAtExitInput!) { settleLoyaltyAtExit(input: $input) { entry { id } } }', token, {
          input: { accountId: id, idempotencyKey: randomUUID() },
        });
        return outcome(res, 'settleLoyaltyAtExit.entry');
      },
    },
    'loyalty.readLiability': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ loyaltyLiability { totalPoints } }', token), 'loyaltyLiability');
      },
    },
    'loyalty.manageCatalogue': {
      untargeted: true,
      async run(token) {
        const now = t.clock.now().getTime();
        const res = await gql('mutation($input: CreateRetentionOfferInput!) { createRetentionOffer(input: $input) { retentionOffer { id } } }', token, {
          input: { kind: 'FEE_WAIVER', name: `Probe ${++n}`, terms: 'probe', value: 1, validFrom: new Date(now).toISOString(), validUntil: new Date(now + 86_400_000).toISOString() },
        });
        return outcome(res, 'createRetentionOffer.retentionOffer');
      },
    },
    'risk.read': {
      needs: [readCustomers],
      async run(token, target) {
        const c = await customerIn(target.book);
        await scored(c.id);
        const res = await gql('query($id: ID!) { customer(id: $id) { riskScore { score } } }', token, { id: c.gid });
        if (res.body.errors) return outcome(res, 'customer.riskScore');
        // Outside the bound of this capability (a manager who reads the customer through another role): no score.
        return res.body.data.customer.riskScore !== null;
      },
    },
    'risk.readModels': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ activeRiskModel { version } }', token), 'activeRiskModel');
      },
    },
    'risk.train': {
      untargeted: true,
      async run(token) {
        const res = await gql('mutation($input: TrainRiskModelInput!) { trainRiskModel(input: $input) { userErrors { code } } }', token, {
          input: { snapshotDates: ['2020-01-01', '2020-02-01'], horizonMonths: 3, regularisation: 1, features: ['probe.noSuchFeature'] },
        });
        if (!outcome(res, 'trainRiskModel')) return false;
        expect(res.body.data.trainRiskModel.userErrors).toEqual([{ code: 'UNKNOWN_FEATURE' }]);
        return true;
      },
    },
    'risk.activate': {
      untargeted: true,
      async run(token) {
        const res = await gql('mutation($input: ActivateRiskModelInput!) { activateRiskModel(input: $input) { userErrors { code } } }', token, {
          input: { modelId: toGlobalId('RiskModel', DEFAULT_MODEL_ID) },
        });
        if (!outcome(res, 'activateRiskModel')) return false;
        expect(res.body.data.activateRiskModel.userErrors).toEqual([{ code: 'NOT_A_DRAFT' }]);
        return true;
      },
    },
    'risk.writeExternal': {
      untargeted: true,
      async run(token) {
        const res = await gql('mutation($input: RecordExternalRiskScoresInput!) { recordExternalRiskScores(input: $input) { userErrors { code } } }', token, {
          input: { source: 'Probe platform', items: [{ customerExternalRef: 'PROBE-NO-SUCH', score: 0.5, computedAt: '2020-01-01T00:00:00Z' }] },
        });
        if (!outcome(res, 'recordExternalRiskScores')) return false;
        expect(res.body.data.recordExternalRiskScores.userErrors).toEqual([{ code: 'UNKNOWN_CUSTOMER' }]);
        return true;
      },
    },
    'risk.acknowledgeAlerts': {
      needs: [readCustomers],
      async run(token, target) {
        const c = await customerIn(target.book);
        await scored(c.id);
        const { rows } = await t.sql.query(
          `insert into risk_alert (id, customer_id, score_id, from_band, to_band, score, raised_at)
           select gen_random_uuid(), customer_id, score_id, 'LOW', 'HIGH', score, now() from risk_current_score where customer_id = $1 returning id`,
          [c.id],
        );
        const res = await gql('mutation($input: AcknowledgeRiskAlertInput!) { acknowledgeRiskAlert(input: $input) { riskAlert { acknowledgedBy } userErrors { code } } }', token, {
          input: { alertId: toGlobalId('RiskAlert', rows[0].id) },
        });
        if (!outcome(res, 'acknowledgeRiskAlert')) return false;
        // Outside the bound, the alert does not exist for the caller.
        return res.body.data.acknowledgeRiskAlert.riskAlert !== null;
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
    'campaigns.manage': {
      untargeted: true,
      async run(token) {
        // Unknown ids: an allowed caller gets userErrors, a refused one FORBIDDEN.
        const res = await gql('mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } userErrors { code } } }', token, {
          input: { name: `Probe campaign ${++n}`, offerId: toGlobalId('RetentionOffer', randomUUID()), segmentId: toGlobalId('Segment', randomUUID()), channel: 'EMAIL', holdoutPercent: 10 },
        });
        return outcome(res, 'createCampaign.userErrors');
      },
    },
    'campaigns.read': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ campaigns(first: 1) { edges { node { id } } } }', token), 'campaigns');
      },
    },
    'campaigns.readPerformance': {
      // A manager's row counts their book's cases; without a target, whether every manager's row is there.
      async run(token, target) {
        const at = new Date(Date.UTC(2002, 0, 1, 0, ++n));
        const c = await createCustomer(t.sql, { rmId: target.book ? rms[target.book].id : null });
        await t.sql.query(
          `insert into offboarding_case (id, created_at, updated_at, customer_id, initiated_by, reason, scope, state, state_entered_at, initiator_kind, initiator_id)
           values (gen_random_uuid(), $2, $2, $1, 'CUSTOMER', 'FEES', 'FULL', 'RETAINED', $2, 'staff', 'probe')`,
          [c.id, at],
        );
        const res = await gql('query($from: DateTimeISO!, $to: DateTimeISO!) { retentionPerformance(from: $from, to: $to) { relationshipManager { subject } casesHandled } }', token, {
          from: at.toISOString(), to: new Date(at.getTime() + 60_000).toISOString(),
        });
        if (!outcome(res, 'retentionPerformance')) return false;
        const rows = res.body.data.retentionPerformance as { relationshipManager: { subject: string }; casesHandled: number }[];
        if (!target.book) return ['rm-01', 'rm-02'].every((s) => rows.some((r) => r.relationshipManager.subject === s));
        return rows.some((r) => r.relationshipManager.subject === target.book && r.casesHandled === 1);
      },
    },
    'audit.read': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ auditEvents(first: 1) { edges { node { id } } } }', token), 'auditEvents');
      },
    },
    'operations.readJobRuns': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ jobRuns(first: 1) { edges { node { id } } } }', token), 'jobRuns');
      },
    },
    'access.manageApiClients': {
      untargeted: true,
      async run(token) {
        return outcome(await gql('{ apiClients(first: 1) { edges { node { id } } } }', token), 'apiClients');
      },
    },
    'webhooks.manage': {
      // Reaching every subscription: one made by staff is seen (a partner sees its own client's only).
      untargeted: true,
      async run(token) {
        const key = randomUUID();
        await t.sql.query(
          `insert into webhook_subscription (id, created_at, updated_at, client_id, created_by, url, event_types, secret_encrypted, status)
           values ($1, now(), now(), null, 'admin-01', 'https://hooks.example/probe', array['feedback.received'], 'probe', 'ACTIVE')`,
          [key],
        );
        const res = await gql('{ webhookSubscriptions(first: 100) { edges { node { id } } } }', token);
        if (!outcome(res, 'webhookSubscriptions')) return false;
        return res.body.data.webhookSubscriptions.edges.some((e: { node: { id: string } }) => e.node.id === toGlobalId('WebhookSubscription', key));
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

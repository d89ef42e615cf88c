// No tipping-off: nothing a relationship manager, support agent or partner can see tells an
// anti-money-laundering exit apart from any other bank exit, and they cannot undo one.
import { createTestApp, type TestApp } from './support/app';
import { Offboarding } from './support/offboarding';
import { createPartnerToken } from './support/partners';

let t: TestApp;
let o: Offboarding;
const LIST = `query($f: OffboardingCaseFilter) { offboardingCases(first: 50, filter: $f) { edges { node { id initiatedBy reason reasonWithheld reasonDetail
  history { note } checklist { note } } } } }`;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
});
afterAll(async () => {
  await t?.close();
});

it('an AML exit and a dormancy exit look the same to those who may not see AML reasons', async () => {
  const aml = await o.start((await o.customer()).gid, 'BANK', { reason: 'AML_CONCERN', reasonDetail: 'suspicious transfers', note: 'MLRO ref 17' }, o.token('COMPLIANCE_OFFICER'));
  const dormant = await o.start((await o.customer()).gid, 'BANK', { reason: 'DORMANCY', reasonDetail: 'no activity for 3 years', note: 'letter sent' });
  const partner = (await createPartnerToken(t, ['offboarding:read'])).token;
  for (const token of [o.token('RELATIONSHIP_MANAGER', 'rm-01'), o.token('SUPPORT_AGENT'), partner]) {
    const res = await t.gql(LIST, { token, variables: { f: { initiatedBy: 'BANK' } } });
    expect(res.body.errors).toBeUndefined();
    const byId = new Map(res.body.data.offboardingCases.edges.map((e: { node: { id: string } }) => [e.node.id, e.node]));
    const shape = (n: unknown) => {
      const { id: _id, ...rest } = n as Record<string, unknown>;
      return rest;
    };
    expect(shape(byId.get(aml.id))).toEqual(shape(byId.get(dormant.id)));
    expect(byId.get(aml.id)).toMatchObject({ reason: null, reasonWithheld: true, reasonDetail: null });
    // Filtering by reason finds no bank exit for them, whichever the reason.
    for (const reason of ['AML_CONCERN', 'DORMANCY']) {
      const filtered = await t.gql(LIST, { token, variables: { f: { reason_in: [reason] } } });
      expect(filtered.body.data.offboardingCases.edges).toEqual([]);
    }
  }
  // Compliance sees both reasons.
  const compliance = await t.gql(LIST, { token: o.token('COMPLIANCE_OFFICER'), variables: { f: { initiatedBy: 'BANK' } } });
  const reasons = compliance.body.data.offboardingCases.edges.map((e: { node: { reason: string } }) => e.node.reason).sort();
  expect(reasons).toEqual(['AML_CONCERN', 'DORMANCY']);
});

it('only a compliance officer or an admin cancels a bank exit; the relationship manager cannot undo it', async () => {
  const c = await o.start((await o.customer()).gid, 'BANK', { reason: 'RISK_APPETITE' });
  const refused = await o.mutate('cancelOffboarding', { caseId: c.id, version: c.version, reason: 'the customer asked me' }, o.token('RELATIONSHIP_MANAGER', 'rm-01'));
  expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect((await o.read(c.id)).state).toBe('REQUESTED');
  const cancelled = await o.ok('cancelOffboarding', { caseId: c.id, version: c.version, reason: 'decision reversed' }, o.token('COMPLIANCE_OFFICER'));
  expect(cancelled.state).toBe('CANCELLED');
  // A customer-initiated exit stays the relationship manager's to cancel.
  const own = await o.start((await o.customer()).gid, 'CUSTOMER');
  expect((await o.ok('cancelOffboarding', { caseId: own.id, version: own.version, reason: 'stays' }, o.token('RELATIONSHIP_MANAGER', 'rm-01'))).state).toBe('CANCELLED');
});

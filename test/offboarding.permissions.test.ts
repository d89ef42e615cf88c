// Who may do what with offboarding (DESIGN.md's table): for each rule an allowed caller succeeds and a
// disallowed one is refused; and anti-money-laundering reasons reach nobody but ADMIN and
// COMPLIANCE_OFFICER, in any query, and never the final statement.
import { toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer, createStaff } from './support/factories';
import { CASE_FIELDS, type CaseOut, Offboarding } from './support/offboarding';
import { createPartnerToken } from './support/partners';

let t: TestApp;
let o: Offboarding;
let partnerRead: string;
let partnerBoth: string;
let partnerCustomers: string;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
  await createStaff(t.sql, 'rm-02');
  partnerRead = (await createPartnerToken(t, ['offboarding:read'])).token;
  partnerBoth = (await createPartnerToken(t, ['offboarding:read', 'customers:read'])).token;
  partnerCustomers = (await createPartnerToken(t, ['customers:read'])).token;
});
afterAll(async () => {
  await t?.close();
});

const code = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;
const tokens = () => ({
  admin: o.admin,
  compliance: o.token('COMPLIANCE_OFFICER', 'compliance-01'),
  compliance2: o.token('COMPLIANCE_OFFICER', 'compliance-02'),
  rm: o.token('RELATIONSHIP_MANAGER', 'rm-01'),
  otherRm: o.token('RELATIONSHIP_MANAGER', 'rm-02'),
  support: o.token('SUPPORT_AGENT'),
  analyst: o.token('RETENTION_ANALYST'),
});

describe('reading cases', () => {
  let c: CaseOut;
  beforeAll(async () => {
    c = await o.caseIn('CUSTOMER', 'REQUESTED');
  });
  const one = (token?: string) => t.gql('query($id: ID!) { offboardingCase(id: $id) { id state } }', { token, variables: { id: c.id } });
  const list = (token?: string) => t.gql('{ offboardingCases(first: 100) { edges { node { id } } } }', { token });

  it.each(['admin', 'compliance', 'rm', 'support'] as const)('%s may read cases', async (who) => {
    expect((await one(tokens()[who])).body.data.offboardingCase.id).toBe(c.id);
    expect((await list(tokens()[who])).body.data.offboardingCases.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(c.id);
  });

  it('a partner with offboarding:read may read cases; one with only customers:read may not', async () => {
    expect((await one(partnerRead)).body.data.offboardingCase.id).toBe(c.id);
    expect(code(await one(partnerCustomers))).toBe('FORBIDDEN');
    expect(code(await list(partnerCustomers))).toBe('FORBIDDEN');
  });

  it('a retention analyst may not read cases; nobody reads them without credentials', async () => {
    expect(code(await one(tokens().analyst))).toBe('FORBIDDEN');
    expect(code(await list(tokens().analyst))).toBe('FORBIDDEN');
    expect(code(await one())).toBe('UNAUTHENTICATED');
  });

  it('a relationship manager does not see cases outside their book: unknown by id, missing from lists and nodes', async () => {
    const { otherRm } = tokens();
    const unknown = toGlobalId('OffboardingCase', '00000000-0000-4000-8000-000000000000');
    const hidden = await one(otherRm);
    const missing = await t.gql('query($id: ID!) { offboardingCase(id: $id) { id } }', { token: otherRm, variables: { id: unknown } });
    expect(code(hidden)).toBe('NOT_FOUND');
    expect(hidden.body.errors[0].message).toBe(missing.body.errors[0].message);
    expect((await list(otherRm)).body.data.offboardingCases.edges).toEqual([]);
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { token: otherRm, variables: { ids: [c.id] } });
    expect(nodes.body.data.nodes).toEqual([null]);
  });

  it('Customer.offboardingCases follows the same rule, batched per level', async () => {
    const q = `query($id: ID!) { customer(id: $id) { offboardingCases { id } } }`;
    const customerId = (await t.sql.query('select customer_id from offboarding_case where id = $1', [Buffer.from(c.id, 'base64url').toString().split(':')[1]])).rows[0].customer_id;
    const variables = { id: toGlobalId('Customer', customerId) };
    expect((await t.gql(q, { token: tokens().support, variables })).body.data.customer.offboardingCases).toEqual([{ id: c.id }]);
    expect(code(await t.gql(q, { token: tokens().analyst, variables }))).toBe('FORBIDDEN');
  });

  it('following a case to its customer needs the right to read customers as well', async () => {
    const q = `query($id: ID!) { offboardingCase(id: $id) { customer { displayName } } }`;
    expect((await t.gql(q, { token: partnerBoth, variables: { id: c.id } })).body.data.offboardingCase.customer.displayName).toBe('Olive Leaver');
    expect(code(await t.gql(q, { token: partnerRead, variables: { id: c.id } }))).toBe('FORBIDDEN');
  });
});

describe('starting and working cases', () => {
  it.each(['admin', 'compliance', 'rm', 'support'] as const)('%s may start a customer-initiated exit and work it', async (who) => {
    const token = tokens()[who];
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'CUSTOMER', {}, token);
    c = await o.step('recordRetentionAttempt', c, { offer: 'Cashback', answer: 'DECLINED' }, token);
    c = await o.step('startSettlement', c, {}, token);
    c = await o.tickAll(c, token);
    expect((await o.step('closeOffboarding', c, {}, token)).state).toBe('CLOSED');
  });

  it('a retention analyst and a partner may not start an exit', async () => {
    const customer = await o.customer();
    for (const token of [tokens().analyst, partnerBoth]) {
      const out = await o.mutate('startOffboarding', { customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' }, token);
      expect(out.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await t.sql.query('select count(*)::int as n from offboarding_case where customer_id = $1', [customer.id])).rows[0].n).toBe(0);
  });

  it('a relationship manager cannot start or work an exit outside their book: the customer and case do not exist for them', async () => {
    const customer = await o.customer();
    const start = await o.mutate('startOffboarding', { customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' }, tokens().otherRm);
    expect(start.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const c = await o.start(customer.gid, 'CUSTOMER');
    const work = await o.mutate('cancelOffboarding', { caseId: c.id, version: c.version, reason: 'x' }, tokens().otherRm);
    expect(work.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await o.read(c.id)).state).toBe('REQUESTED');
  });

  it('a support agent works customer-initiated exits only: a bank exit can be neither started nor worked by them', async () => {
    const customer = await o.customer();
    const start = await o.mutate('startOffboarding', { customerId: customer.gid, initiatedBy: 'BANK', reason: 'DORMANCY' }, tokens().support);
    expect(start.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const bank = await o.caseIn('BANK', 'SETTLEMENT');
    const tick = await o.mutate('completeChecklistItem', { itemId: bank.checklist[0].id, destination: 'x' }, tokens().support);
    expect(tick.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const cancel = await o.mutate('cancelOffboarding', { caseId: bank.id, version: bank.version, reason: 'x' }, tokens().support);
    expect(cancel.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // A relationship manager may work a bank exit's checklist in their own book, but not undo the exit.
    expect((await o.ok('completeChecklistItem', { itemId: bank.checklist[0].id, destination: 'DE89 3704 0044 0532 0130 00' }, tokens().rm)).checklist[0].done).toBe(true);
    const rmCancel = await o.mutate('cancelOffboarding', { caseId: bank.id, version: bank.version, reason: 'Relationship kept' }, tokens().rm);
    expect(rmCancel.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('approving a bank exit', () => {
  it('a compliance officer who did not initiate it may approve; an admin, a relationship manager and the initiator may not', async () => {
    const initiator = tokens().compliance;
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'BANK', {}, initiator);
    c = await o.step('submitForApproval', c, {}, tokens().rm);
    for (const token of [tokens().admin, tokens().rm, tokens().support]) {
      expect((await o.mutate('approveExit', { caseId: c.id, version: c.version }, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const own = await o.mutate('approveExit', { caseId: c.id, version: c.version }, initiator);
    expect(own.userErrors.map((e) => e.code)).toEqual(['APPROVER_IS_INITIATOR']);
    expect((await o.step('approveExit', c, {}, tokens().compliance2)).state).toBe('NOTICE');
  });

  it('whoever submitted the exit cannot approve it either', async () => {
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'BANK');
    c = await o.step('submitForApproval', c, {}, tokens().compliance);
    const own = await o.mutate('approveExit', { caseId: c.id, version: c.version }, tokens().compliance);
    expect(own.userErrors.map((e) => e.code)).toEqual(['APPROVER_IS_INITIATOR']);
  });
});

describe('anti-money-laundering reasons', () => {
  const DETAIL = 'Structuring of cash deposits below the reporting threshold';
  const NOTE = 'Suspicious activity report filed';
  let customer: Awaited<ReturnType<Offboarding['customer']>>;
  let c: CaseOut;

  beforeAll(async () => {
    customer = await o.customer();
    const compliance = tokens().compliance;
    c = await o.start(customer.gid, 'BANK', { reason: 'AML_CONCERN', reasonDetail: DETAIL, note: NOTE }, compliance);
    c = await o.step('submitForApproval', c, { note: NOTE }, compliance);
    c = await o.step('approveExit', c, { note: NOTE }, tokens().compliance2);
    c = await o.step('notifyCustomer', c, {}, compliance);
    c = await o.step('startSettlement', c, { note: NOTE }, compliance);
    for (const item of c.checklist) c = await o.ok('completeChecklistItem', { itemId: item.id, destination: 'IBAN', note: NOTE }, compliance);
    o.passNotice();
    c = await o.step('closeOffboarding', c, { note: NOTE }, tokens().compliance);
  });

  const QUERIES: [string, string, (id: string, customerId: string) => Record<string, unknown>][] = [
    ['offboardingCase', `query($id: ID!) { offboardingCase(id: $id) { ${CASE_FIELDS} } }`, (id) => ({ id })],
    ['offboardingCases', `{ offboardingCases(first: 100) { edges { node { ${CASE_FIELDS} } } } }`, () => ({})],
    ['node', `query($id: ID!) { node(id: $id) { ... on OffboardingCase { ${CASE_FIELDS} } } }`, (id) => ({ id })],
    ['Customer.offboardingCases', `query($cid: ID!) { customer(id: $cid) { offboardingCases { ${CASE_FIELDS} } } }`, (_id, cid) => ({ cid })],
    ['node of a checklist item', `query($item: ID!) { node(id: $item) { ... on ChecklistItem { kind note } } }`, () => ({ item: c.checklist[0].id })],
    ['finalStatement', `query($id: ID!) { finalStatement(input: { caseId: $id }) { customerReason initiatedBy legalBasis } }`, (id) => ({ id })],
  ];

  it.each(QUERIES)('%s: a relationship manager, a support agent and a partner never see the reason, its detail or the notes', async (_name, q, vars) => {
    for (const token of [tokens().rm, tokens().support, partnerBoth]) {
      const res = await t.gql(q, { token, variables: vars(c.id, customer.gid) });
      expect(res.body.errors).toBeUndefined();
      const text = JSON.stringify(res.body.data);
      expect(text).not.toContain('AML_CONCERN');
      expect(text).not.toContain(DETAIL);
      expect(text).not.toContain(NOTE);
    }
  });

  it('they see that a reason is withheld; admins and compliance officers see it in full', async () => {
    const q = `query($id: ID!) { offboardingCase(id: $id) { reason reasonWithheld reasonDetail history { note } } }`;
    for (const token of [tokens().rm, tokens().support]) {
      const seen = (await t.gql(q, { token, variables: { id: c.id } })).body.data.offboardingCase;
      expect(seen).toMatchObject({ reason: null, reasonWithheld: true, reasonDetail: null });
      expect(seen.history.every((h: { note: string | null }) => h.note === null)).toBe(true);
    }
    for (const token of [tokens().admin, tokens().compliance]) {
      const seen = (await t.gql(q, { token, variables: { id: c.id } })).body.data.offboardingCase;
      expect(seen).toMatchObject({ reason: 'AML_CONCERN', reasonWithheld: false, reasonDetail: DETAIL });
      expect(seen.history[0].note).toBe(NOTE);
    }
  });

  it('filtering by the reason finds the case for compliance and nothing for the others', async () => {
    const q = `{ offboardingCases(first: 100, filter: { reason_in: [AML_CONCERN] }) { edges { node { id } } } }`;
    expect((await t.gql(q, { token: tokens().compliance })).body.data.offboardingCases.edges).toEqual([{ node: { id: c.id } }]);
    expect((await t.gql(q, { token: tokens().rm })).body.data.offboardingCases.edges).toEqual([]);
    expect((await t.gql(q, { token: tokens().support })).body.data.offboardingCases.edges).toEqual([]);
  });

  it('the final statement carries no reason for a bank exit, even for compliance', async () => {
    const q = `query($id: ID!) { finalStatement(input: { caseId: $id }) { customerReason initiatedBy } }`;
    const s = (await t.gql(q, { token: tokens().compliance, variables: { id: c.id } })).body.data.finalStatement;
    expect(s).toEqual({ customerReason: null, initiatedBy: 'BANK' });
  });

  it('only admins and compliance officers may open an exit for an AML concern', async () => {
    const other = await o.customer();
    const input = { customerId: other.gid, initiatedBy: 'BANK', reason: 'AML_CONCERN' };
    expect((await o.mutate('startOffboarding', input, tokens().rm)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await o.mutate('startOffboarding', input, tokens().admin)).offboardingCase.reason).toBe('AML_CONCERN');
  });

  it('a partner needs customers:read as well to read a final statement', async () => {
    const q = `query($id: ID!) { finalStatement(input: { caseId: $id }) { initiatedBy } }`;
    expect(code(await t.gql(q, { token: partnerRead, variables: { id: c.id } }))).toBe('FORBIDDEN');
    expect((await t.gql(q, { token: partnerBoth, variables: { id: c.id } })).body.data.finalStatement.initiatedBy).toBe('BANK');
  });
});

describe('erasure requests, legal holds and win-back', () => {
  const ERASE = 'mutation($input: RequestErasureInput!) { requestErasure(input: $input) { erasure { outcome } userErrors { code } } }';
  const HOLD = 'mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { legalHold { reason placedBy } userErrors { code } } }';
  const RELEASE = 'mutation($input: ReleaseLegalHoldInput!) { releaseLegalHold(input: $input) { legalHold { releasedBy } userErrors { code } } }';
  const ATTEMPT = 'mutation($input: RecordWinBackAttemptInput!) { recordWinBackAttempt(input: $input) { customer { status winBackAttempts { outcome } } userErrors { code } } }';
  const WIN = 'mutation($input: RecordWinBackInput!) { recordWinBack(input: $input) { customer { status wonBackAt } userErrors { code } } }';

  it('only a compliance officer may request erasure or place and release a legal hold', async () => {
    const customer = await createCustomer(t.sql, { rmId: o.rm.id });
    const customerId = toGlobalId('Customer', customer.id);
    for (const token of [tokens().admin, tokens().rm, tokens().support]) {
      expect(code(await t.gql(HOLD, { token, variables: { input: { customerId, reason: 'Litigation' } } }))).toBe('FORBIDDEN');
      expect(code(await t.gql(ERASE, { token, variables: { input: { customerId } } }))).toBe('FORBIDDEN');
    }
    const held = await t.gql(HOLD, { token: tokens().compliance, variables: { input: { customerId, reason: 'Litigation' } } });
    expect(held.body.data.placeLegalHold).toEqual({ legalHold: { reason: 'Litigation', placedBy: 'compliance-01' }, userErrors: [] });
    expect(code(await t.gql(RELEASE, { token: tokens().admin, variables: { input: { customerId, note: 'Settled' } } }))).toBe('FORBIDDEN');
    const released = await t.gql(RELEASE, { token: tokens().compliance, variables: { input: { customerId, note: 'Settled' } } });
    expect(released.body.data.releaseLegalHold.legalHold).toEqual({ releasedBy: 'compliance-01' });
    const erase = await t.gql(ERASE, { token: tokens().compliance, variables: { input: { customerId } } });
    expect(erase.body.data.requestErasure.userErrors).toEqual([{ code: 'NOT_EXITED' }]);
  });

  it('holds and win-back attempts resolve through node(id:) for those who may read them', async () => {
    const customer = await createCustomer(t.sql, { rmId: o.rm.id });
    const customerId = toGlobalId('Customer', customer.id);
    const held = await t.gql('mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { legalHold { id } } }', {
      token: tokens().compliance, variables: { input: { customerId, reason: 'Regulator request' } },
    });
    const id = held.body.data.placeLegalHold.legalHold.id;
    const q = 'query($id: ID!) { nodes(ids: [$id]) { ... on LegalHold { reason } } }';
    expect((await t.gql(q, { token: tokens().admin, variables: { id } })).body.data.nodes).toEqual([{ reason: 'Regulator request' }]);
    expect((await t.gql(q, { token: tokens().support, variables: { id } })).body.data.nodes).toEqual([null]);

    const exited = await o.caseIn('CUSTOMER', 'CLOSED');
    const read = await t.gql('query($id: ID!) { offboardingCase(id: $id) { customer { id } } }', { token: o.admin, variables: { id: exited.id } });
    const attempt = await t.gql(
      'mutation($input: RecordWinBackAttemptInput!) { recordWinBackAttempt(input: $input) { customer { winBackAttempts { id } } } }',
      { token: tokens().analyst, variables: { input: { customerId: read.body.data.offboardingCase.customer.id, offer: 'Bonus', outcome: 'NO_RESPONSE' } } },
    );
    const attemptId = attempt.body.data.recordWinBackAttempt.customer.winBackAttempts[0].id;
    const nq = 'query($id: ID!) { nodes(ids: [$id]) { ... on WinBackAttempt { outcome } } }';
    expect((await t.gql(nq, { token: tokens().rm, variables: { id: attemptId } })).body.data.nodes).toEqual([{ outcome: 'NO_RESPONSE' }]);
    expect((await t.gql(nq, { token: tokens().otherRm, variables: { id: attemptId } })).body.data.nodes).toEqual([null]);
  });

  it('Customer.winBackAttempts is for staff: a partner who may read customers is refused', async () => {
    const partner = await createPartnerToken(t, ['customers:read', 'offboarding:read']);
    const customer = await o.customer();
    const q = 'query($id: ID!) { customer(id: $id) { winBackAttempts { id } } }';
    expect((await t.gql(q, { token: tokens().analyst, variables: { id: customer.gid } })).body.data.customer.winBackAttempts).toEqual([]);
    expect(code(await t.gql(q, { token: partner.token, variables: { id: customer.gid } }))).toBe('FORBIDDEN');
  });

  it('Customer.legalHold is for admins and compliance officers only', async () => {
    const customer = await createCustomer(t.sql, { rmId: o.rm.id });
    const q = 'query($id: ID!) { customer(id: $id) { legalHold { reason } } }';
    const variables = { id: toGlobalId('Customer', customer.id) };
    expect((await t.gql(q, { token: tokens().admin, variables })).body.data.customer.legalHold).toBeNull();
    expect(code(await t.gql(q, { token: tokens().support, variables }))).toBe('FORBIDDEN');
  });

  it('win-back attempts: admins, own-book relationship managers, support agents and retention analysts; not compliance', async () => {
    const exited = await o.caseIn('CUSTOMER', 'CLOSED');
    const read = await t.gql(`query($id: ID!) { offboardingCase(id: $id) { customer { id } } }`, { token: o.admin, variables: { id: exited.id } });
    const customerId = read.body.data.offboardingCase.customer.id;
    const input = { customerId, offer: 'Welcome back bonus', outcome: 'INTERESTED' };
    for (const who of ['admin', 'rm', 'support', 'analyst'] as const) {
      const res = await t.gql(ATTEMPT, { token: tokens()[who], variables: { input } });
      expect(res.body.data.recordWinBackAttempt.userErrors).toEqual([]);
    }
    expect(code(await t.gql(ATTEMPT, { token: tokens().compliance, variables: { input } }))).toBe('FORBIDDEN');
    expect(code(await t.gql(ATTEMPT, { token: tokens().otherRm, variables: { input } }))).toBe('NOT_FOUND');

    // Bringing the customer back: not for retention analysts; a support agent may.
    expect(code(await t.gql(WIN, { token: tokens().analyst, variables: { input: { customerId, offer: 'Bonus' } } }))).toBe('FORBIDDEN');
    const back = await t.gql(WIN, { token: tokens().support, variables: { input: { customerId, offer: 'Bonus' } } });
    expect(back.body.data.recordWinBack.customer.status).toBe('ACTIVE');
  });
});

// The offboarding workflow end to end over HTTP: both paths to CLOSED, retention, cancellation, the
// settlement checklist reacting to balances, the notice period, four eyes and the final statement.
import type { Viewer } from '../src/auth/viewer';
import { keyOf, toGlobalId as gid } from '../src/graphql/relay';
import { contributionsOf, type ChecklistContributor, type KeelModule } from '../src/module';
import { completeChecklistItem } from '../src/modules/offboarding/checklist.service';
import { startSettlement } from '../src/modules/offboarding/offboarding.service';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { resetClockBeforeEach } from './support/isolation';
import { createAccount, createStaff } from './support/factories';
import { auditActions, Offboarding } from './support/offboarding';
import { countStatements } from './support/sql-counter';

let t: TestApp;
let o: Offboarding;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
});
afterAll(async () => {
  await t?.close();
});
resetClockBeforeEach(() => t);

const customerRow = async (id: string) => (await t.sql.query('select status, restricted, exited_at, won_back_at, open_product_count, total_deposits_minor, total_debt_minor from customer where id = $1', [id])).rows[0];
const accountRows = async (id: string) =>
  (await t.sql.query('select id, type, status, closed_at from account where customer_id = $1 order by opened_at, id', [id])).rows;

describe('a customer-initiated exit', () => {
  it('walks REQUESTED → RETENTION → SETTLEMENT → CLOSED; the customer ends EXITED, not restricted, every account closed', async () => {
    const customer = await o.customer({ card: true });
    // Stale derived values, so that the close must recompute them.
    await t.sql.query('update customer set open_product_count = 9, total_deposits_minor = 12345, total_debt_minor = 678 where id = $1', [customer.id]);
    let c = await o.start(customer.gid, 'CUSTOMER', { reasonDetail: 'Monthly fee went up', note: 'Called the branch' });
    expect(c).toMatchObject({ state: 'REQUESTED', initiatedBy: 'CUSTOMER', reason: 'FEES', reasonDetail: 'Monthly fee went up', scope: 'FULL', version: 1 });
    expect((await customerRow(customer.id)).status).toBe('OFFBOARDING');

    c = await o.step('recordRetentionAttempt', c, { offer: 'No fees for a year', answer: 'DECLINED', note: 'Not interested' });
    expect(c).toMatchObject({ state: 'RETENTION', retentionAnswer: 'DECLINED' });

    c = await o.step('startSettlement', c);
    expect(c.state).toBe('SETTLEMENT');
    // Account items first (accounts opened the same day come in any order), then the case's own.
    const kinds = c.checklist.map((i: { kind: string }) => i.kind);
    expect(kinds.slice(0, 3).sort()).toEqual(['CANCEL_CARD', 'HAND_OVER_PAYMENTS', 'MOVE_BALANCE']);
    expect(kinds.slice(3)).toEqual(['FINAL_STATEMENT', 'CREDIT_BUREAU_NOTICE']);

    const closing = await o.mutate('closeOffboarding', { caseId: c.id, version: c.version });
    expect(closing.userErrors.map((e) => e.code)).toEqual(['CHECKLIST_INCOMPLETE']);

    c = await o.tickAll(c);
    c = await o.step('closeOffboarding', c, { note: 'All settled' });
    expect(c.state).toBe('CLOSED');
    expect(new Date(c.retainUntil).toISOString()).toBe(new Date(Date.UTC(2031, 0, 15, 9)).toISOString());
    expect(c.legalBasis).toMatch(/5 years/);
    expect(c.history.map((h: { transition: string; from: string | null; to: string }) => [h.transition, h.from, h.to])).toEqual([
      ['startOffboarding', null, 'REQUESTED'],
      ['recordRetentionAttempt', 'REQUESTED', 'RETENTION'],
      ['startSettlement', 'RETENTION', 'SETTLEMENT'],
      ['closeOffboarding', 'SETTLEMENT', 'CLOSED'],
    ]);
    expect(c.history[0]).toMatchObject({ actor: 'admin-01', note: 'Called the branch' });
    const started = (await t.sql.query(`select changes from audit_event where action = 'offboarding.started' and customer_id = $1`, [customer.id])).rows[0];
    expect(started.changes).toEqual(expect.arrayContaining([
      { field: 'initiatedBy', old: null, new: 'CUSTOMER' }, { field: 'reason', old: null, new: 'FEES' }, { field: 'reasonDetail' }, { field: 'note' },
    ]));

    expect(await customerRow(customer.id)).toMatchObject({ status: 'EXITED', restricted: false });
    // Derived columns follow the closed accounts in the same transaction.
    expect(await customerRow(customer.id)).toMatchObject({ open_product_count: 0, total_deposits_minor: '0', total_debt_minor: '0' });
    expect((await customerRow(customer.id)).exited_at).not.toBeNull();
    expect((await accountRows(customer.id)).map((a) => a.status)).toEqual(['CLOSED', 'CLOSED']);

    const actions = await auditActions(t, customer.id);
    // One event per transition, plus the customers module's own events for what it changed.
    for (const a of ['offboarding.started', 'offboarding.retention_attempted', 'offboarding.settlement_started', 'offboarding.closed']) {
      expect(actions.filter((x) => x === a)).toHaveLength(1);
    }
    expect(actions.filter((x) => x === 'offboarding.checklist_item_done')).toHaveLength(5);
    expect(actions.filter((x) => x === 'account.closed')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['customer.status_changed', 'customer.exited']));
  });

  it('retained: RETENTION → RETAINED puts the customer back to ACTIVE; retaining needs an accepted offer', async () => {
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'CUSTOMER');
    c = await o.step('recordRetentionAttempt', c, { offer: 'Better rate', answer: 'DECLINED' });
    const refused = await o.mutate('retainCustomer', { caseId: c.id, version: c.version });
    expect(refused.userErrors.map((e) => e.code)).toEqual(['RETENTION_NOT_ACCEPTED']);
    c = await o.step('recordRetentionAttempt', c, { offer: 'Even better rate', answer: 'ACCEPTED' });
    c = await o.step('retainCustomer', c, { note: 'Stays with the better rate' });
    expect(c.state).toBe('RETAINED');
    expect((await customerRow(customer.id)).status).toBe('ACTIVE');
    expect((await accountRows(customer.id)).map((a) => a.status)).toEqual(['OPEN']);
  });

  it('cancelled: any open state → CANCELLED with a reason; the customer is ACTIVE again and can start a new case', async () => {
    const customer = await o.customer();
    const c = await o.start(customer.gid, 'CUSTOMER');
    const again = await o.mutate('startOffboarding', { customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' });
    expect(again.userErrors.map((e) => e.code)).toEqual(['OPEN_CASE_EXISTS']);
    const cancelled = await o.step('cancelOffboarding', c, { reason: 'Changed their mind' });
    expect(cancelled).toMatchObject({ state: 'CANCELLED', cancelReason: 'Changed their mind' });
    expect((await customerRow(customer.id)).status).toBe('ACTIVE');
    await o.start(customer.gid, 'CUSTOMER');
  });

  it('a partial exit closes only the chosen accounts and leaves the customer ACTIVE', async () => {
    const customer = await o.customer({ loanOwing: 0 });
    const loan = gid('Account', customer.accounts.loan.id);
    let c = await o.start(customer.gid, 'CUSTOMER', { scope: 'PARTIAL', accountIds: [loan], reason: 'INTEREST_RATES' });
    expect(c.scope).toBe('PARTIAL');
    c = await o.step('recordRetentionAttempt', c, { offer: 'Rate match', answer: 'DECLINED' });
    c = await o.step('startSettlement', c);
    expect(c.checklist.map((i: { kind: string }) => i.kind)).toEqual(['FINAL_STATEMENT', 'CREDIT_BUREAU_NOTICE']);
    c = await o.step('closeOffboarding', await o.tickAll(c));
    expect(c.state).toBe('CLOSED');
    expect((await customerRow(customer.id)).status).toBe('ACTIVE');
    const accounts = await accountRows(customer.id);
    expect(accounts.find((a) => a.id === customer.accounts.loan.id)!.status).toBe('CLOSED');
    expect(accounts.find((a) => a.id === customer.accounts.current.id)!.status).toBe('OPEN');
  });

  it('refuses a scope or reason that does not fit, and writes nothing', async () => {
    const customer = await o.customer();
    const before = await auditActions(t, customer.id);
    const bad = await o.mutate('startOffboarding', {
      customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'DORMANCY', scope: 'PARTIAL', accountIds: [gid('Account', customer.accounts.current.id)],
    });
    expect(bad.userErrors.map((e) => e.code).sort()).toEqual(['REASON_DOES_NOT_FIT', 'SCOPE_INVALID']);
    expect(await auditActions(t, customer.id)).toEqual(before);
    expect((await customerRow(customer.id)).status).toBe('ACTIVE');
  });
});

describe('a bank-initiated exit', () => {
  it('walks REQUESTED → PENDING_APPROVAL → NOTICE → SETTLEMENT → CLOSED; four eyes; no close before the notice ends; EXITED and restricted', async () => {
    const customer = await o.customer();
    const initiator = o.token('COMPLIANCE_OFFICER', 'compliance-01');
    let c = await o.start(customer.gid, 'BANK', { reason: 'DORMANCY' }, initiator);
    c = await o.step('submitForApproval', c, {}, initiator);
    expect(c.state).toBe('PENDING_APPROVAL');

    const self = await o.mutate('approveExit', { caseId: c.id, version: c.version }, initiator);
    expect(self.userErrors.map((e) => e.code)).toEqual(['APPROVER_IS_INITIATOR']);
    expect((await o.read(c.id)).state).toBe('PENDING_APPROVAL');

    c = await o.step('approveExit', c, {}, o.token('COMPLIANCE_OFFICER', 'compliance-02'));
    expect(c).toMatchObject({ state: 'NOTICE', approvedBy: 'compliance-02', notifiedAt: null });
    const early = await o.mutate('startSettlement', { caseId: c.id, version: c.version });
    expect(early.userErrors.map((e) => e.code)).toEqual(['CUSTOMER_NOT_NOTIFIED']);
    const retention = await o.mutate('recordRetentionAttempt', { caseId: c.id, version: c.version, offer: 'x', answer: 'ACCEPTED' });
    expect(retention.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);

    c = await o.step('notifyCustomer', c);
    expect(new Date(c.noticeEndsAt).getTime() - new Date(c.notifiedAt).getTime()).toBe(30 * 86_400_000);
    c = await o.step('startSettlement', c);
    c = await o.tickAll(c);

    t.clock.advanceDays(29);
    const tooSoon = await o.mutate('closeOffboarding', { caseId: c.id, version: c.version });
    expect(tooSoon.userErrors.map((e) => e.code)).toEqual(['NOTICE_NOT_ENDED']);
    expect((await o.read(c.id)).state).toBe('SETTLEMENT');

    t.clock.advanceDays(1);
    c = await o.step('closeOffboarding', c);
    expect(c.state).toBe('CLOSED');
    expect(await customerRow(customer.id)).toMatchObject({ status: 'EXITED', restricted: true });
  });
});

describe('the settlement checklist', () => {
  it('a loan still owing cannot be ticked nor the case closed; once ingestion reports it settled, both can', async () => {
    const customer = await o.customer({ loanOwing: 50000 });
    let c = await o.start(customer.gid, 'CUSTOMER');
    c = await o.step('recordRetentionAttempt', c, { offer: 'Rate cut', answer: 'DECLINED' });
    c = await o.step('startSettlement', c);
    const loanItem = c.checklist.find((i: { kind: string }) => i.kind === 'SETTLE_DEBT');
    expect(loanItem).toMatchObject({ blockedReason: '500.00 EUR still owed', done: false, account: { id: gid('Account', customer.accounts.loan.id) } });
    const tick = await o.mutate('completeChecklistItem', { itemId: loanItem.id });
    expect(tick.userErrors.map((e) => e.code)).toEqual(['MONEY_OWED']);
    expect(tick.userErrors[0].message).toMatch(/500\.00 EUR/);

    for (const item of c.checklist.filter((i: { kind: string }) => i.kind !== 'SETTLE_DEBT')) {
      c = await o.ok('completeChecklistItem', { itemId: item.id, destination: 'GB33BUKB20201555555555' });
    }
    const close = await o.mutate('closeOffboarding', { caseId: c.id, version: c.version });
    expect(close.userErrors.map((e) => e.code).sort()).toEqual(['CHECKLIST_INCOMPLETE', 'MONEY_OWED']);
    expect((await o.read(c.id)).state).toBe('SETTLEMENT');

    // Core banking reports the loan repaid (ingestion writes the account row).
    await t.sql.query('update account set outstanding_minor = 0, as_of = $2 where id = $1', [customer.accounts.loan.id, t.clock.now()]);
    expect((await o.read(c.id)).checklist.find((i: { id: string }) => i.id === loanItem.id).blockedReason).toBeNull();
    c = await o.ok('completeChecklistItem', { itemId: loanItem.id, note: 'Repaid in full' });
    c = await o.step('closeOffboarding', c);
    expect(c.state).toBe('CLOSED');
  });

  it('money that reaches an account after the checklist was made blocks closing', async () => {
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'CUSTOMER');
    c = await o.step('recordRetentionAttempt', c, { offer: 'x', answer: 'DECLINED' });
    c = await o.tickAll(await o.step('startSettlement', c));
    // Ingestion reports a savings account opened meanwhile, with money in it.
    const late = await createAccount(t.sql, customer.id, { type: 'SAVINGS', balanceMinor: 5000 });
    const close = await o.mutate('closeOffboarding', { caseId: c.id, version: c.version });
    expect(close.userErrors.map((e) => e.code)).toEqual(['BALANCE_NOT_ON_CHECKLIST']);
    expect(close.userErrors[0].message).toContain(late.externalRef);
    expect((await o.read(c.id)).state).toBe('SETTLEMENT');
  });

  it('moving a balance records where it went; a ticked item cannot be ticked again', async () => {
    const c = await o.caseIn('CUSTOMER', 'SETTLEMENT');
    const move = c.checklist.find((i: { kind: string }) => i.kind === 'MOVE_BALANCE');
    const missing = await o.mutate('completeChecklistItem', { itemId: move.id });
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'DESTINATION_REQUIRED', field: ['input', 'destination'] })]);
    const done = await o.ok('completeChecklistItem', { itemId: move.id, destination: 'FR76 3000 6000 0112 3456 7890 189' });
    expect(done.checklist.find((i: { id: string }) => i.id === move.id)).toMatchObject({
      done: true, destination: 'FR76 3000 6000 0112 3456 7890 189', amount: { amount: '123.45', currency: 'EUR' },
    });
    const twice = await o.mutate('completeChecklistItem', { itemId: move.id, destination: 'elsewhere' });
    expect(twice.userErrors.map((e) => e.code)).toEqual(['ITEM_DONE']);
  });
});

describe('the final statement', () => {
  it('says what was closed, what moved where and when; refused before closure', async () => {
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'CUSTOMER', { reason: 'RELOCATION' });
    c = await o.step('recordRetentionAttempt', c, { offer: 'Keep an expat account', answer: 'DECLINED' });
    c = await o.step('startSettlement', c);
    const q = `query($input: FinalStatementInput!) { finalStatement(input: $input) {
      caseId customerName initiatedBy customerReason scope closedAt recordsKeptUntil legalBasis
      accountsClosed { accountId externalRef type closedOn } balancesMoved { accountId amount { amount currency } destination movedAt } debtsSettled { accountId } } }`;
    const early = await t.gql(q, { token: o.admin, variables: { input: { caseId: c.id } } });
    expect(early.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    c = await o.step('closeOffboarding', await o.tickAll(c));
    const res = await t.gql(q, { token: o.admin, variables: { input: { caseId: c.id } } });
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data.finalStatement;
    expect(s).toMatchObject({
      caseId: c.id, customerName: 'Olive Leaver', initiatedBy: 'CUSTOMER', customerReason: 'RELOCATION', scope: 'FULL',
      accountsClosed: [{ accountId: gid('Account', customer.accounts.current.id), externalRef: customer.accounts.current.externalRef, type: 'CURRENT', closedOn: t.clock.now().toISOString().slice(0, 10) }],
      balancesMoved: [{ accountId: gid('Account', customer.accounts.current.id), amount: { amount: '123.45', currency: 'EUR' }, destination: 'DE89 3704 0044 0532 0130 00' }],
      debtsSettled: [],
    });
    expect(s.recordsKeptUntil).toBe(c.retainUntil);
  });
});

describe('deadlines', () => {
  it('a case past its state\'s deadline is overdue, and the overdue filter finds it', async () => {
    const c = await o.caseIn('CUSTOMER', 'REQUESTED');
    const q = `query($f: OffboardingCaseFilter) { offboardingCases(first: 100, filter: $f) { edges { node { id overdue dueAt } } } }`;
    const ids = async (overdue: boolean) =>
      (await t.gql(q, { token: o.admin, variables: { f: { overdue, state_in: ['REQUESTED'] } } })).body.data.offboardingCases.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(true)).not.toContain(c.id);
    expect(await ids(false)).toContain(c.id);
    t.clock.advanceDays(t.config.offboarding.deadlineDays.REQUESTED + 1);
    expect(await ids(true)).toContain(c.id);
    expect(await ids(false)).not.toContain(c.id);
    expect((await o.read(c.id)).overdue).toBe(true);
  });
});

/**
 * A module that adds a points settlement item to full exits, blocked until `settled()` says so. It is
 * named apart from the real loyalty module, which an app of the default modules has as well.
 */
function loyaltyLikeModule(settled: () => boolean): KeelModule {
  const points: ChecklistContributor = {
    source: 'points-test',
    itemsFor: async (_em, scope) => (scope.fullExit ? [{ kind: 'POINTS_SETTLEMENT', label: 'Pay out the 1,200 loyalty points' }] : []),
    blockerFor: async (_em, item) => (item.kind === 'POINTS_SETTLEMENT' && !settled() ? '1,200 points not paid out yet' : null),
  };
  return { name: 'points-test', entities: [], resolvers: [], rules: {}, contributes: { checklistItems: [points] } };
}

describe('checklist items from other modules', () => {
  // A module contributes through KeelModule.contributes.checklistItems; the service receives the deployment's
  // contributors, so the contract is exercised here by calling the services with one.
  let settled = false;
  const loyaltyLike = loyaltyLikeModule(() => settled);
  const viewer: Viewer = { kind: 'staff', subject: 'admin-01', staffUserId: null, roles: ['ADMIN'], name: 'Admin', email: null };
  const deps = () => ({
    em: t.orm.em.fork(), viewer, requestId: 'test', now: t.clock.now(), config: t.config,
    contributors: contributionsOf([loyaltyLike], 'checklistItems'),
    anonymisers: contributionsOf(defaultModules, 'anonymisers'),
  });

  it('adds their items when settlement starts; their blocker is checked at tick time; closing waits for them', async () => {
    let c = await o.caseIn('CUSTOMER', 'RETENTION');
    await startSettlement(deps(), { caseKey: keyOf(c.id, 'OffboardingCase'), version: c.version });
    c = await o.read(c.id);
    const item = c.checklist.find((i: { source: string }) => i.source === 'points-test');
    expect(item).toMatchObject({ kind: 'POINTS_SETTLEMENT', label: 'Pay out the 1,200 loyalty points', required: true, done: false });

    await expect(completeChecklistItem(deps(), { itemKey: keyOf(item.id, 'ChecklistItem') })).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'ITEM_BLOCKED', message: '1,200 points not paid out yet' })],
    });
    for (const i of c.checklist.filter((x: { source: string }) => x.source !== 'points-test')) {
      c = await o.ok('completeChecklistItem', { itemId: i.id, destination: 'IBAN' });
    }
    const refused = await o.mutate('closeOffboarding', { caseId: c.id, version: c.version });
    expect(refused.userErrors.map((e) => e.code)).toEqual(['CHECKLIST_INCOMPLETE']);
    expect(refused.userErrors[0].message).toContain('loyalty points');

    settled = true;
    await completeChecklistItem(deps(), { itemKey: keyOf(item.id, 'ChecklistItem') });
    expect((await o.step('closeOffboarding', c)).state).toBe('CLOSED');
  });
});

describe('a contributed item in an app whose module list has its contributor', () => {
  // The contributor is registered as a module of the app, so the API itself (not only the services)
  // sees it: ticking is refused with its blocker, and blockedReason shows the same blocker.
  let settled = false;
  const loyaltyLike = loyaltyLikeModule(() => settled);
  let a: TestApp;
  let ao: Offboarding;
  beforeAll(async () => {
    a = await createTestApp({ modules: [...defaultModules, loyaltyLike] });
    ao = await new Offboarding(a).setup();
  });
  afterAll(async () => {
    await a?.close();
  });

  it('blockedReason shows the contributor\'s blocker while ticking is refused, and null once it is not', async () => {
    const c = await ao.caseIn('CUSTOMER', 'SETTLEMENT');
    const reasons = async () => {
      const res = await a.gql('query($id: ID!) { offboardingCase(id: $id) { checklist { id source blockedReason } } }', {
        token: ao.admin,
        variables: { id: c.id },
      });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.offboardingCase.checklist.find((i: { source: string }) => i.source === 'points-test');
    };
    const item = await reasons();
    expect(item.blockedReason).toBe('1,200 points not paid out yet');
    const refused = await ao.mutate('completeChecklistItem', { itemId: item.id });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'ITEM_BLOCKED', message: item.blockedReason })]);

    settled = true;
    expect((await reasons()).blockedReason).toBeNull();
    await ao.ok('completeChecklistItem', { itemId: item.id });
  });
});

describe('assignment and lists', () => {
  it('a case can be assigned at start and reassigned; the list filters by assignee', async () => {
    const [a, b] = [await createStaff(t.sql, 'agent-a'), await createStaff(t.sql, 'agent-b')];
    const customer = await o.customer();
    let c = await o.start(customer.gid, 'CUSTOMER', { assigneeId: gid('StaffMember', a.id) });
    const q = `query($f: OffboardingCaseFilter) { offboardingCases(first: 100, filter: $f) { totalCount edges { node { id assignee { subject } } } } }`;
    const byAssignee = async (id: string) => (await t.gql(q, { token: o.admin, variables: { f: { assigneeId: gid('StaffMember', id) } } })).body.data.offboardingCases;
    expect((await byAssignee(a.id)).edges).toEqual([{ node: { id: c.id, assignee: { subject: 'agent-a' } } }]);
    const unknown = await o.mutate('assignOffboardingCase', { caseId: c.id, version: c.version, assigneeId: gid('StaffMember', customer.id) });
    expect(unknown.userErrors.map((e) => e.code)).toEqual(['UNKNOWN_STAFF']);
    const malformed = await o.mutate('assignOffboardingCase', { caseId: c.id, version: c.version, assigneeId: 'not-an-id' });
    expect(malformed.userErrors.map((e) => e.code)).toEqual(['UNKNOWN_STAFF']);
    c = await o.ok('assignOffboardingCase', { caseId: c.id, version: c.version, assigneeId: gid('StaffMember', b.id) });
    expect((await byAssignee(a.id)).totalCount).toBe(0);
    expect((await byAssignee(b.id)).totalCount).toBe(1);
    const stale = await o.mutate('assignOffboardingCase', { caseId: c.id, version: c.version - 1, assigneeId: null });
    expect(stale.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('pages with keyset cursors, and 50 cases with their customer, history and checklist cost the statements 5 cost', async () => {
    const agent = gid('StaffMember', (await createStaff(t.sql, 'agent-paging')).id);
    for (let i = 0; i < 50; i++) {
      const customer = await o.customer({ loanOwing: 100 });
      await o.start(customer.gid, 'CUSTOMER', { note: `case ${i}`, assigneeId: agent });
    }
    const q = (args: string) => `{ offboardingCases(${args}, filter: { state_in: [REQUESTED], assigneeId: "${agent}" }) {
      edges { node { id reason customer { displayName } assignee { name } history { transition note } checklist { kind account { id } blockedReason } retentionAttempts { offer } } }
      pageInfo { hasNextPage endCursor } } }`;
    const five = await countStatements(() => t.gql(q('first: 5'), { token: o.admin }));
    const fifty = await countStatements(() => t.gql(q('first: 50'), { token: o.admin }));
    expect(fifty.result.body.errors).toBeUndefined();
    expect(fifty.result.body.data.offboardingCases.edges).toHaveLength(50);
    expect(fifty.statements.length).toBe(five.statements.length);
    // page, customers, staff, history, checklist, retention attempts
    expect(fifty.statements.length).toBeLessThanOrEqual(6);

    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        (await t.gql(q(`first: 7${after ? `, after: "${after}"` : ''}`), { token: o.admin })).body.data.offboardingCases;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const all = (await t.gql(q('first: 100'), { token: o.admin })).body.data.offboardingCases.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

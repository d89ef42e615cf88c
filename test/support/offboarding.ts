// Offboarding test helpers: the operations as GraphQL, tokens signed at the (movable) test clock, and
// walks that bring a fresh case to a given state through the API.
import type { Role } from '../../src/auth/roles';
import { toGlobalId } from '../../src/graphql/relay';
import type { TestApp } from './app';
import { createAccount, createCustomer, createStaff, type StaffRow } from './factories';
import { staffToken } from './tokens';

export const CASE_FIELDS = `id state version initiatedBy reason reasonWithheld reasonDetail scope initiator retentionAnswer
  submittedBy approvedBy notifiedAt noticeEndsAt closedAt retainUntil legalBasis cancelReason dueAt overdue
  history { transition from to actor note noteErased }
  checklist { id kind label source required done blockedReason destination amount { amount currency } note account { id } }`;

const INPUT_TYPES: Record<string, string> = {
  startOffboarding: 'StartOffboardingInput',
  recordRetentionAttempt: 'RecordRetentionAttemptInput',
  retainCustomer: 'CaseTransitionInput',
  submitForApproval: 'CaseTransitionInput',
  approveExit: 'CaseTransitionInput',
  notifyCustomer: 'CaseTransitionInput',
  startSettlement: 'CaseTransitionInput',
  closeOffboarding: 'CaseTransitionInput',
  cancelOffboarding: 'CancelOffboardingInput',
  completeChecklistItem: 'CompleteChecklistItemInput',
  assignOffboardingCase: 'AssignOffboardingCaseInput',
};

export interface UserErrorOut {
  field: string[];
  message: string;
  code: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CaseOut = any;

export interface MutationOut {
  offboardingCase: CaseOut | null;
  userErrors: UserErrorOut[];
  /** GraphQL errors (FORBIDDEN, NOT_FOUND, CONFLICT...). */
  errors?: { message: string; extensions: { code: string } }[];
}

export class Offboarding {
  rm!: StaffRow;
  constructor(readonly t: TestApp) {}

  async setup(): Promise<this> {
    this.rm = await createStaff(this.t.sql, 'rm-01');
    return this;
  }

  /** A token for `role`, signed at the test clock's time (the clock may have moved). */
  token(role: Role, sub?: string): string {
    return staffToken(this.t.config, role, sub, this.t.clock.now());
  }

  get admin() {
    return this.token('ADMIN');
  }

  async mutate(name: string, input: Record<string, unknown>, token = this.admin): Promise<MutationOut> {
    const res = await this.t.gql(
      `mutation($input: ${INPUT_TYPES[name]}!) { ${name}(input: $input) { offboardingCase { ${CASE_FIELDS} } userErrors { field message code } } }`,
      { token, variables: { input } },
    );
    if (res.body.errors) return { offboardingCase: null, userErrors: [], errors: res.body.errors };
    return res.body.data[name];
  }

  /** Like mutate, but fails the test unless the mutation succeeded. */
  async ok(name: string, input: Record<string, unknown>, token = this.admin): Promise<CaseOut> {
    const out = await this.mutate(name, input, token);
    if (!out.offboardingCase) throw new Error(`${name} failed: ${JSON.stringify(out.errors ?? out.userErrors)}`);
    return out.offboardingCase;
  }

  /** A transition on the case as last read (its id and version). */
  step(name: string, c: CaseOut, extra: Record<string, unknown> = {}, token = this.admin) {
    return this.ok(name, { caseId: c.id, version: c.version, ...extra }, token);
  }

  async read(caseId: string, token = this.admin): Promise<CaseOut> {
    const res = await this.t.gql(`query($id: ID!) { offboardingCase(id: $id) { ${CASE_FIELDS} } }`, { token, variables: { id: caseId } });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.offboardingCase;
  }

  /** A customer of rm-01 with a current account (balance), a savings account and, if asked, a loan owing. */
  async customer(options: { loanOwing?: number; card?: boolean } = {}) {
    const c = await createCustomer(this.t.sql, { rmId: this.rm.id, firstName: 'Olive', lastName: 'Leaver' });
    const current = await createAccount(this.t.sql, c.id, { type: 'CURRENT', balanceMinor: 12345 });
    const accounts: Record<string, { id: string; externalRef: string }> = { current };
    if (options.loanOwing !== undefined) {
      accounts.loan = await createAccount(this.t.sql, c.id, { type: 'PERSONAL_LOAN', balanceMinor: 0, outstandingMinor: options.loanOwing });
    }
    if (options.card) accounts.card = await createAccount(this.t.sql, c.id, { type: 'CREDIT_CARD', balanceMinor: 0, outstandingMinor: 0 });
    return { ...c, gid: toGlobalId('Customer', c.id), accounts };
  }

  start(customerGid: string, initiatedBy: 'CUSTOMER' | 'BANK', extra: Record<string, unknown> = {}, token = this.admin) {
    const reason = initiatedBy === 'CUSTOMER' ? 'FEES' : 'RISK_APPETITE';
    return this.ok('startOffboarding', { customerId: customerGid, initiatedBy, reason, ...extra }, token);
  }

  /** Ticks every open item (with a destination for balances). */
  async tickAll(c: CaseOut, token = this.admin): Promise<CaseOut> {
    let current = c;
    for (const item of c.checklist.filter((i: { done: boolean }) => !i.done)) {
      current = await this.ok('completeChecklistItem', { itemId: item.id, destination: 'DE89 3704 0044 0532 0130 00' }, token);
    }
    return current;
  }

  /** Moves the clock past the notice period of a notified bank exit. */
  passNotice(): void {
    this.t.clock.advanceDays(this.t.config.offboarding.noticeDays + 1);
  }

  /**
   * A new case brought to `state` through the API. `answer` is the retention answer for customer
   * exits in RETENTION; `notified` whether a bank exit in NOTICE has notified the customer.
   */
  async caseIn(
    path: 'CUSTOMER' | 'BANK',
    state: string,
    options: { answer?: 'ACCEPTED' | 'DECLINED'; notified?: boolean; ticked?: boolean } = {},
  ): Promise<CaseOut> {
    const customer = await this.customer();
    let c = await this.start(customer.gid, path);
    if (state === 'REQUESTED') return c;
    if (state === 'CANCELLED') return this.step('cancelOffboarding', c, { reason: 'customer changed their mind' });
    if (path === 'CUSTOMER') {
      c = await this.step('recordRetentionAttempt', c, {
        offer: 'Fee waiver for 12 months', answer: options.answer ?? (state === 'RETAINED' ? 'ACCEPTED' : 'DECLINED'),
      });
      if (state === 'RETENTION') return c;
      if (state === 'RETAINED') return this.step('retainCustomer', c);
    } else {
      c = await this.step('submitForApproval', c);
      if (state === 'PENDING_APPROVAL') return c;
      c = await this.step('approveExit', c, {}, this.token('COMPLIANCE_OFFICER', 'compliance-02'));
      if (state === 'NOTICE' && !options.notified) return c;
      c = await this.step('notifyCustomer', c);
      if (state === 'NOTICE') return c;
    }
    c = await this.step('startSettlement', c);
    if (state === 'SETTLEMENT' && !options.ticked) return c;
    c = await this.tickAll(c);
    if (state === 'SETTLEMENT') return c;
    if (path === 'BANK') this.passNotice();
    return this.step('closeOffboarding', c);
  }
}

export async function auditActions(t: TestApp, customerId: string): Promise<string[]> {
  const { rows } = await t.sql.query(
    `select action from audit_event where customer_id = $1 and action <> 'customer.pii_read' order by occurred_at, id`,
    [customerId],
  );
  return rows.map((r) => r.action);
}

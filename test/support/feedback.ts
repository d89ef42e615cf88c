// Feedback in tests: a bank with two books, and the module's mutations and reads over HTTP.
import type { Role } from '../../src/auth/roles';
import { toGlobalId } from '../../src/graphql/relay';
import type { TestApp } from './app';
import { createCustomer, createStaff, type StaffRow } from './factories';
import { staffToken } from './tokens';

export const FEEDBACK_FIELDS = `id kind channel externalId nps csat text language sentimentScore sentimentLabel topics status severity
  receivedAt acknowledgeBy resolveBy acknowledgedAt resolvedAt closedAt overdue overdueAt escalationLevel escalatedAt resolution
  resolutionOutcome textErased version`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Out = any;

export const errorCode = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;

export class FeedbackBank {
  rm1!: StaffRow;
  rm2!: StaffRow;
  /** A customer in rm-01's book, one in rm-02's. */
  mine!: { id: string; key: string; externalRef: string };
  theirs!: { id: string; key: string; externalRef: string };

  constructor(readonly t: TestApp) {}

  async setup(): Promise<this> {
    this.rm1 = await createStaff(this.t.sql, 'rm-01');
    this.rm2 = await createStaff(this.t.sql, 'rm-02');
    this.mine = await this.customer(this.rm1.id);
    this.theirs = await this.customer(this.rm2.id);
    return this;
  }

  async customer(rmId: string | null = this.rm1.id) {
    const c = await createCustomer(this.t.sql, { rmId });
    return { id: toGlobalId('Customer', c.id), key: c.id, externalRef: c.externalRef };
  }

  token(role: Role | Role[], sub?: string): string {
    return staffToken(this.t.config, role, sub, this.t.clock.now());
  }

  get admin() {
    return this.token('ADMIN');
  }

  async record(token: string, input: Record<string, unknown>) {
    const res = await this.t.gql(
      `mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { ${FEEDBACK_FIELDS} } userErrors { field code message } } }`,
      { token, variables: { input } },
    );
    return res;
  }

  /** Records and returns the feedback, failing the test on any error. */
  async recorded(input: Record<string, unknown>, token = this.admin): Promise<Out> {
    const res = await this.record(token, input);
    if (res.body.errors || res.body.data.recordFeedback.userErrors.length) throw new Error(`recordFeedback failed: ${JSON.stringify(res.body)}`);
    return res.body.data.recordFeedback.feedback;
  }

  async complaint(customerId = this.mine.id, extra: Record<string, unknown> = {}): Promise<Out> {
    return this.recorded({ customerId, kind: 'COMPLAINT', channel: 'PHONE', text: 'My card was charged twice.', ...extra });
  }

  async step(mutation: string, token: string, input: Record<string, unknown>, inputType = 'FeedbackStepInput') {
    return this.t.gql(
      `mutation($input: ${inputType}!) { ${mutation}(input: $input) { feedback { ${FEEDBACK_FIELDS} history { transition from to actor actorKind note } } userErrors { field code message } } }`,
      { token, variables: { input } },
    );
  }

  async importResponses(token: string, items: Record<string, unknown>[]) {
    return this.t.gql(
      'mutation($input: ImportSurveyResponsesInput!) { importSurveyResponses(input: $input) { recorded unchanged userErrors { field code message } } }',
      { token, variables: { input: { items } } },
    );
  }
}

/** The audit actions written about a customer, oldest first. */
export async function auditOf(t: TestApp, customerKey: string): Promise<{ action: string; actor_id: string; changes: unknown }[]> {
  return (await t.sql.query('select action, actor_id, changes from audit_event where customer_id = $1 order by occurred_at, id', [customerKey])).rows;
}

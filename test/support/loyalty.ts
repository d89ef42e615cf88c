// Loyalty test helpers: the operations as GraphQL, tokens signed at the (movable) test clock, and
// accounts enrolled and funded through the API.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/auth/roles';
import { toGlobalId } from '../../src/graphql/relay';
import type { TestApp } from './app';
import { createCustomer, createStaff, type StaffRow } from './factories';
import { staffToken } from './tokens';

export const ENTRY_FIELDS = 'id kind amount delta reason actor approvedBy postedAt expiresAt reversed account { id pointsBalance }';
export const ACCOUNT_FIELDS = 'id status tier pointsBalance enrolledAt version';

const OPERATIONS: Record<string, { input: string; select: string }> = {
  enrollCustomer: { input: 'EnrollCustomerInput', select: `loyaltyAccount { ${ACCOUNT_FIELDS} }` },
  enrollCustomers: { input: 'EnrollCustomersInput', select: `loyaltyAccounts { ${ACCOUNT_FIELDS} } enrolled` },
  suspendLoyaltyAccount: { input: 'SuspendLoyaltyAccountInput', select: `loyaltyAccount { ${ACCOUNT_FIELDS} }` },
  reactivateLoyaltyAccount: { input: 'ReactivateLoyaltyAccountInput', select: `loyaltyAccount { ${ACCOUNT_FIELDS} }` },
  earnPoints: { input: 'EarnPointsInput', select: `entry { ${ENTRY_FIELDS} } replayed` },
  redeemPoints: { input: 'RedeemPointsInput', select: `entry { ${ENTRY_FIELDS} } replayed` },
  adjustPoints: { input: 'AdjustPointsInput', select: `entry { ${ENTRY_FIELDS} } replayed pendingAdjustment { id delta status requestedBy decidedBy }` },
  approvePointsAdjustment: { input: 'ApprovePointsAdjustmentInput', select: `entry { ${ENTRY_FIELDS} } replayed` },
  reversePointsEntry: { input: 'ReversePointsEntryInput', select: `entry { ${ENTRY_FIELDS} } replayed` },
  settleLoyaltyAtExit: { input: 'SettleLoyaltyAtExitInput', select: `entry { ${ENTRY_FIELDS} } replayed` },
};

export interface LoyaltyOut {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
  userErrors: { field: string[]; message: string; code: string }[];
  errors?: { message: string; extensions: { code: string } }[];
}

export const keyOf = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];

export class Loyalty {
  rm!: StaffRow;
  otherRm!: StaffRow;
  constructor(readonly t: TestApp) {}

  async setup(): Promise<this> {
    this.rm = await createStaff(this.t.sql, 'rm-01');
    this.otherRm = await createStaff(this.t.sql, 'rm-02');
    return this;
  }

  token(role: Role | Role[], sub?: string): string {
    return staffToken(this.t.config, role, sub, this.t.clock.now());
  }

  get admin() {
    return this.token('ADMIN');
  }

  async mutate(name: string, input: Record<string, unknown>, token = this.admin): Promise<LoyaltyOut> {
    const op = OPERATIONS[name];
    const res = await this.t.gql(`mutation($input: ${op.input}!) { ${name}(input: $input) { ${op.select} userErrors { field message code } } }`, {
      token,
      variables: { input },
    });
    if (res.body.errors) return { userErrors: [], errors: res.body.errors };
    return res.body.data[name];
  }

  async ok(name: string, input: Record<string, unknown>, token = this.admin): Promise<LoyaltyOut> {
    const out = await this.mutate(name, input, token);
    if (out.errors || out.userErrors.length) throw new Error(`${name} failed: ${JSON.stringify(out.errors ?? out.userErrors)}`);
    return out;
  }

  /** A new customer (in rm-01's book unless told) enrolled through the API, with `points` earned. */
  async member(points = 0, rm: StaffRow | null = this.rm): Promise<{ customerId: string; customerKey: string; accountId: string; accountKey: string }> {
    const c = await createCustomer(this.t.sql, { rmId: rm?.id ?? null });
    const customerId = toGlobalId('Customer', c.id);
    const account = (await this.ok('enrollCustomer', { customerId })).loyaltyAccount;
    if (points > 0) await this.ok('earnPoints', { accountId: account.id, amount: points, idempotencyKey: randomUUID() });
    return { customerId, customerKey: c.id, accountId: account.id, accountKey: keyOf(account.id) };
  }

  async balance(accountKey: string): Promise<number> {
    return Number((await this.t.sql.query('select coalesce(sum(amount), 0) as b from points_line where account_id = $1', [accountKey])).rows[0].b);
  }

  /** The running balance of an account in posting order never dips below zero; returns the lowest point. */
  async lowestRunningBalance(accountKey: string): Promise<number> {
    const r = await this.t.sql.query(
      `select coalesce(min(running), 0)::bigint as low from (select sum(delta) over (order by seq) as running from points_posting where account_id = $1) x`,
      [accountKey],
    );
    return Number(r.rows[0].low);
  }

  /** The sum of every line of the ledger (zero when every posting balances). */
  async ledgerSum(): Promise<number> {
    return Number((await this.t.sql.query('select coalesce(sum(amount), 0) as s from points_line')).rows[0].s);
  }
}

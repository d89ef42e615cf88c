// Writes to loyalty accounts and their points. Each operation is one transaction: check who may act on
// the account's customer (each capability with its own bound), then post through the ledger, which
// locks the account row, answers replays and checks the balance.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import { canFor, type NamedCapability } from '../../auth/permissions';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, invalid, notFound, problem, type Problem } from '../../domain/errors';
import { customerStanding, CustomerStatus } from '../customers/public';
import {
  balanceOf, checkAmount, type Idempotency, idempotencyOf, lockAccount, postPoints, type PostingResult, replayOf, withIdempotency,
} from './ledger.service';
import { LoyaltyAccount, LoyaltyStatus, Tier } from './loyalty-account.entity';
import { LoyaltyErrorCode as E, refuse } from './loyalty.errors';
import type { PointsDirection } from './loyalty.inputs';
import { loyaltyCapabilities as l } from './permissions';
import { AdjustmentStatus, PointsAdjustment } from './points-adjustment.entity';
import { PostingKind } from './points-posting.entity';
import { TierChange } from './tier-change.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account's customer, when the viewer's `cap` reaches them; otherwise the account does not exist for them. */
async function accountFor(em: EntityManager, deps: ServiceDeps, accountKey: string, cap: NamedCapability): Promise<{ customerKey: string }> {
  const rows = await em.execute<{ customer_id: string }[]>('select customer_id from loyalty_account where id = ?', [accountKey]);
  if (!rows.length) notFound('LoyaltyAccount');
  const standing = await customerStanding(em, rows[0].customer_id);
  if (!standing || !canFor(deps.viewer, cap, standing.rmId)) notFound('LoyaltyAccount');
  return { customerKey: rows[0].customer_id };
}

function enrolment(em: EntityManager, deps: ServiceDeps, customerKey: string): LoyaltyAccount {
  const a = em.create(LoyaltyAccount, {
    createdAt: deps.now, updatedAt: deps.now, customerId: customerKey, status: LoyaltyStatus.ACTIVE, tier: Tier.BRONZE, enrolledAt: deps.now,
  });
  const who = actorOf(deps.viewer);
  em.create(TierChange, {
    accountId: a.id, fromTier: null, toTier: Tier.BRONZE, reason: 'Enrolled', pointsEarned12m: '0', changedAt: deps.now, actorKind: who.kind, actorId: who.id,
  });
  recordAudit(em, deps, {
    action: 'loyalty.enrolled', entityType: 'LoyaltyAccount', entityId: a.id, customerId: customerKey,
    changes: [{ field: 'status', old: null, new: LoyaltyStatus.ACTIVE }, { field: 'tier', old: null, new: Tier.BRONZE }],
  });
  return a;
}

/** Enrols one customer; one already enrolled keeps (and gets back) their account. */
export async function enrollCustomer(deps: ServiceDeps, customerKey: string): Promise<string> {
  return deps.em.transactional(async (em) => {
    const standing = await customerStanding(em, customerKey);
    if (!standing || !canFor(deps.viewer, l.write, standing.rmId)) notFound('Customer');
    // Serialises enrolments of this customer with each other.
    await em.execute('select id from customer where id = ? for update', [customerKey]);
    const existing = await em.execute<{ id: string }[]>('select id from loyalty_account where customer_id = ?', [customerKey]);
    if (existing.length) return existing[0].id;
    if (standing.status !== CustomerStatus.ACTIVE) refuse(E.CUSTOMER_NOT_ACTIVE, `The customer is ${standing.status}; only active customers enrol`, ['input', 'customerId']);
    const a = enrolment(em, deps, customerKey);
    await em.flush();
    return a.id;
  });
}

/**
 * Enrols a batch of customers (ids or external references), all or nothing: one statement finds them
 * all, one inserts the new accounts; customers already enrolled are left alone, so a replay changes nothing.
 */
export async function enrollCustomers(deps: ServiceDeps, refs: string[], keyOfId: (ref: string) => string | null): Promise<{ accountKeys: string[]; enrolled: number }> {
  return deps.em.transactional(async (em) => {
    const keys = refs.map((r) => keyOfId(r));
    const rows = await em.execute<{ ord: number; id: string | null; status: string | null; rm_id: string | null; account_id: string | null }[]>(
      `select w.ord, c.id, c.status, c.rm_id, la.id as account_id
         from rows from (jsonb_to_recordset(?::jsonb) as (ref text, key uuid)) with ordinality as w(ref, key, ord)
         left join customer c on c.id = w.key or (w.key is null and c.external_ref = w.ref)
         left join loyalty_account la on la.customer_id = c.id
        order by w.ord`,
      [JSON.stringify(refs.map((ref, i) => ({ ref, key: keys[i] && UUID.test(keys[i]!) ? keys[i] : null })))],
    );
    const errors: Problem[] = [];
    const seen = new Map<string, number>();
    rows.forEach((r, i) => {
      const field = ['input', 'customers', String(i)];
      if (!r.id || !canFor(deps.viewer, l.write, r.rm_id)) errors.push(problem(field, E.UNKNOWN_CUSTOMER, 'No customer you may enrol has this id or reference'));
      else if (!r.account_id && r.status !== CustomerStatus.ACTIVE) errors.push(problem(field, E.CUSTOMER_NOT_ACTIVE, `The customer is ${r.status}; only active customers enrol`));
      else if (seen.has(r.id)) errors.push(problem(field, E.INVALID, `The same customer as at position ${seen.get(r.id)}`));
      if (r.id && !seen.has(r.id)) seen.set(r.id, i);
    });
    if (errors.length) invalid(errors.slice(0, 100));
    const fresh = rows.filter((r) => !r.account_id).map((r) => r.id!);
    const made = new Map<string, string>();
    for (const customerKey of fresh) made.set(customerKey, enrolment(em, deps, customerKey).id);
    await em.flush();
    return { accountKeys: rows.map((r) => r.account_id ?? made.get(r.id!)!), enrolled: fresh.length };
  }).catch((err) => {
    // A concurrent enrolment of one of the batch's customers: this batch changed nothing; try again.
    if (err?.constructor?.name === 'UniqueConstraintViolationException') conflict('Some of these customers were enrolled meanwhile; send the batch again');
    throw err;
  });
}

/** Suspends or reactivates an account (ADMIN). */
export async function setAccountStatus(deps: ServiceDeps, accountKey: string, status: LoyaltyStatus.ACTIVE | LoyaltyStatus.SUSPENDED, reason: string | null): Promise<string> {
  return deps.em.transactional(async (em) => {
    const { customerKey } = await accountFor(em, deps, accountKey, l.adjust);
    const locked = await lockAccount(em, accountKey);
    if (locked.status === LoyaltyStatus.CLOSED) refuse(E.ACCOUNT_CLOSED, 'The loyalty account is closed', ['input', 'accountId']);
    if (locked.status === status) refuse(E.NOTHING_TO_CHANGE, `The account is ${status} already`, ['input', 'accountId']);
    const a = (await em.findOne(LoyaltyAccount, { id: accountKey }, { refresh: true }))!;
    a.status = status;
    a.statusReason = reason;
    a.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: status === LoyaltyStatus.SUSPENDED ? 'loyalty.account_suspended' : 'loyalty.account_reactivated',
      entityType: 'LoyaltyAccount', entityId: a.id, customerId: customerKey,
      changes: [{ field: 'status', old: locked.status, new: status }, ...(reason ? [{ field: 'statusReason' }] : [])],
    });
    await em.flush();
    return a.id;
  });
}

export interface PointsRequest {
  accountKey: string;
  amount: number;
  reason?: string | null;
  idempotencyKey: string;
}

/** Earns or redeems on request; a replay of the key returns the first posting. */
export async function earnOrRedeem(deps: ServiceDeps, kind: PostingKind.EARN | PostingKind.REDEEM, input: PointsRequest): Promise<PostingResult> {
  const idem = idempotencyOf(deps.viewer, input.idempotencyKey, kind === PostingKind.EARN ? 'earnPoints' : 'redeemPoints', {
    accountKey: input.accountKey, amount: input.amount, reason: input.reason ?? null,
  });
  return posting(deps, idem, async (em) => {
    await accountFor(em, deps, input.accountKey, l.write);
    return postPoints(em, deps, { accountKey: input.accountKey, kind, amount: input.amount, reason: input.reason, idempotency: idem });
  });
}

function posting(deps: ServiceDeps, idem: Idempotency, write: (em: EntityManager) => Promise<PostingResult>): Promise<PostingResult> {
  return withIdempotency(deps.em, idem, write, (postingId) => ({ postingId, replayed: true, balance: NaN }));
}

export type AdjustResult = { kind: 'POSTED'; result: PostingResult } | { kind: 'PENDING'; adjustmentKey: string };

/** An admin's correction; above the threshold it waits for a second admin (approveAdjustment). */
export async function adjustPoints(
  deps: ServiceDeps,
  input: { accountKey: string; amount: number; direction: PointsDirection; reason: string; idempotencyKey: string },
): Promise<AdjustResult> {
  const idem = idempotencyOf(deps.viewer, input.idempotencyKey, 'adjustPoints', {
    accountKey: input.accountKey, amount: input.amount, direction: input.direction, reason: input.reason,
  });
  if (!input.reason.trim()) refuse(E.REASON_REQUIRED, 'Say why the balance is adjusted', ['input', 'reason']);
  checkAmount(input.amount, deps.config);
  if (input.amount <= deps.config.loyalty.adjustmentApprovalAbove) {
    const result = await posting(deps, idem, async (em) => {
      await accountFor(em, deps, input.accountKey, l.adjust);
      return postPoints(em, deps, { accountKey: input.accountKey, kind: PostingKind.ADJUST, amount: input.amount, direction: input.direction, reason: input.reason, idempotency: idem });
    });
    return { kind: 'POSTED', result };
  }
  const pending = async (em: EntityManager): Promise<string> => {
    const { customerKey } = await accountFor(em, deps, input.accountKey, l.adjust);
    const locked = await lockAccount(em, input.accountKey);
    const rows = await em.execute<{ id: string; request_hash: string }[]>(
      'select id, request_hash from points_adjustment where idempotency_scope = ? and idempotency_key = ?', [idem.scope, idem.key],
    );
    if (rows.length) {
      if (rows[0].request_hash !== idem.requestHash) {
        refuse(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different request; use a new key', ['input', 'idempotencyKey']);
      }
      return rows[0].id;
    }
    await replayOf(em, idem); // the key may name a posting already: a CONFLICT
    if (locked.status === LoyaltyStatus.CLOSED) refuse(E.ACCOUNT_CLOSED, 'The loyalty account is closed', ['input', 'accountId']);
    const who = actorOf(deps.viewer);
    const a = em.create(PointsAdjustment, {
      createdAt: deps.now, updatedAt: deps.now, accountId: input.accountKey,
      delta: String(input.direction === 'DEBIT' ? -input.amount : input.amount), reason: input.reason.trim(), status: AdjustmentStatus.PENDING,
      requestedBy: who.id, idempotencyScope: idem.scope, idempotencyKey: idem.key, requestHash: idem.requestHash,
    });
    recordAudit(em, deps, {
      action: 'loyalty.adjustment_requested', entityType: 'PointsAdjustment', entityId: a.id, customerId: customerKey,
      changes: [{ field: 'delta', old: null, new: Number(a.delta) }, { field: 'status', old: null, new: AdjustmentStatus.PENDING }, { field: 'reason' }],
    });
    await em.flush();
    return a.id;
  };
  const adjustmentKey = await deps.em.transactional(pending).catch(async (err) => {
    if (err?.constructor?.name !== 'UniqueConstraintViolationException') throw err;
    deps.em.clear();
    return deps.em.fork().transactional(pending);
  });
  return { kind: 'PENDING', adjustmentKey };
}

/** A second admin approves a pending adjustment: it is posted now, by them, under their key. */
export async function approveAdjustment(deps: ServiceDeps, input: { adjustmentKey: string; idempotencyKey: string }): Promise<PostingResult> {
  const idem = idempotencyOf(deps.viewer, input.idempotencyKey, 'approvePointsAdjustment', { adjustmentKey: input.adjustmentKey });
  return posting(deps, idem, async (em) => {
    const rows = await em.execute<{ account_id: string }[]>('select account_id from points_adjustment where id = ?', [input.adjustmentKey]);
    if (!rows.length) notFound('PointsAdjustment');
    const accountKey = rows[0].account_id;
    await accountFor(em, deps, accountKey, l.adjust);
    await lockAccount(em, accountKey);
    const replay = await replayOf(em, idem);
    if (replay) return { postingId: replay.postingId, replayed: true, balance: await balanceOf(em, accountKey) };
    const a = (await em.findOne(PointsAdjustment, { id: input.adjustmentKey }, { refresh: true }))!;
    if (a.status !== AdjustmentStatus.PENDING) refuse(E.NOT_PENDING, `The adjustment is ${a.status}`, ['input', 'adjustmentId']);
    const who = actorOf(deps.viewer);
    if (who.id === a.requestedBy) refuse(E.APPROVER_IS_REQUESTER, 'Another admin must approve an adjustment you asked for', ['input', 'adjustmentId']);
    const delta = Number(a.delta);
    const result = await postPoints(em, deps, {
      accountKey, kind: PostingKind.ADJUST, amount: Math.abs(delta), direction: delta < 0 ? 'DEBIT' : 'CREDIT', reason: a.reason, idempotency: idem,
      approvedBy: who.id, amountField: ['input', 'adjustmentId'],
    });
    a.status = AdjustmentStatus.APPROVED;
    a.decidedBy = who.id;
    a.decidedAt = deps.now;
    a.postingId = result.postingId;
    a.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'loyalty.adjustment_approved', entityType: 'PointsAdjustment', entityId: a.id, customerId: (await accountFor(em, deps, accountKey, l.adjust)).customerKey,
      changes: [{ field: 'status', old: AdjustmentStatus.PENDING, new: AdjustmentStatus.APPROVED }, { field: 'postingId', old: null, new: result.postingId }],
    });
    await em.flush();
    return result;
  });
}

/** Reverses an entry with an opposite one (ADMIN). */
export async function reverseEntry(deps: ServiceDeps, input: { postingKey: string; reason: string; idempotencyKey: string }): Promise<PostingResult> {
  const idem = idempotencyOf(deps.viewer, input.idempotencyKey, 'reversePointsEntry', { postingKey: input.postingKey, reason: input.reason });
  return posting(deps, idem, async (em) => {
    const rows = await em.execute<{ account_id: string }[]>('select account_id from points_posting where id = ?', [input.postingKey]);
    if (!rows.length) notFound('PointsEntry');
    await accountFor(em, deps, rows[0].account_id, l.adjust);
    return postPoints(em, deps, {
      accountKey: rows[0].account_id, kind: PostingKind.REVERSE, amount: 0, reversesPostingKey: input.postingKey, reason: input.reason, idempotency: idem,
    });
  });
}

/**
 * Settles a leaving customer's points by the exit policy (paid out or forfeited) and closes the
 * account; an account with no points just closes.
 */
export async function settleAtExit(deps: ServiceDeps, input: { accountKey: string; idempotencyKey: string }): Promise<PostingResult | { postingId: null; replayed: boolean; balance: number }> {
  const idem = idempotencyOf(deps.viewer, input.idempotencyKey, 'settleLoyaltyAtExit', { accountKey: input.accountKey });
  const policy = deps.config.loyalty.exitPolicy;
  return withIdempotency<PostingResult | { postingId: null; replayed: boolean; balance: number }>(deps.em, idem, async (em) => {
    const { customerKey } = await accountFor(em, deps, input.accountKey, l.settleAtExit);
    const locked = await lockAccount(em, input.accountKey);
    const replay = await replayOf(em, idem);
    if (replay) return { postingId: replay.postingId, replayed: true, balance: 0 };
    if (locked.status === LoyaltyStatus.CLOSED) refuse(E.ACCOUNT_CLOSED, 'The loyalty account is closed (settled already)', ['input', 'accountId']);
    const balance = await balanceOf(em, input.accountKey);
    let result: PostingResult | null = null;
    if (balance > 0) {
      result = await postPoints(em, deps, {
        accountKey: input.accountKey, kind: PostingKind.SETTLE, amount: balance, settleTo: policy === 'PAYOUT' ? 'REDEEMED' : 'FORFEITED',
        reason: policy === 'PAYOUT' ? 'Paid out at exit' : 'Forfeited at exit', idempotency: idem,
      });
    }
    const a = (await em.findOne(LoyaltyAccount, { id: input.accountKey }, { refresh: true }))!;
    a.status = LoyaltyStatus.CLOSED;
    a.closedAt = deps.now;
    a.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'loyalty.account_closed', entityType: 'LoyaltyAccount', entityId: a.id, customerId: customerKey,
      changes: [{ field: 'status', old: locked.status, new: LoyaltyStatus.CLOSED }, { field: 'settlement', old: null, new: policy }, { field: 'pointsSettled', old: null, new: balance }],
    });
    await em.flush();
    return result ?? { postingId: null, replayed: false, balance: 0 };
  }, (postingId) => ({ postingId, replayed: true, balance: 0 }));
}

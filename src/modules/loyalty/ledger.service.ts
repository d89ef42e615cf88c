// The points ledger: every movement of points is one posting with balancing lines, written here and only
// here. `postPoints` is what every other writer calls (earn, redeem, adjust, reverse, settle, and the
// retention offers' bonus points): it locks the account row, answers replays of an idempotency key,
// checks the amount, the account's status and its balance, then appends the posting, its lines and
// one audit event in the caller's transaction.
import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AuditActor, recordAudit } from '../../audit/audit.writer';
import { toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';
import { actorOf, type Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import { notFound } from '../../domain/errors';
import { LoyaltyStatus } from './loyalty-account.entity';
import { LoyaltyErrorCode as E, refuse } from './loyalty.errors';
import { type LedgerAccount, PointsLine } from './points-line.entity';
import { PointsPosting, PostingKind } from './points-posting.entity';

/** What a ledger write needs: who acts, when, and the deployment's settings. */
export interface LedgerDeps extends AuditActor {
  config: Config;
}

/** The caller's idempotency key: scoped to the caller, with a hash of what they asked for. */
export interface Idempotency {
  /** Whose key it is (`scopeOf(viewer)`): one caller's key never answers another's request. */
  scope: string;
  key: string;
  /** A hash of the operation and its input (`requestHashOf`): the same key with another input is a CONFLICT. */
  requestHash: string;
}

export interface PostPointsInput {
  /** The loyalty account's key (uuid). */
  accountKey: string;
  /** EARN, REDEEM, ADJUST, REVERSE or SETTLE (EXPIRE is the expiry job's). */
  kind: Exclude<PostingKind, PostingKind.EXPIRE>;
  /** Points moved: a positive whole number up to the configured maximum (ignored for REVERSE: the original's). */
  amount: number;
  /** ADJUST only: whether the points go to the customer (CREDIT) or are taken (DEBIT). */
  direction?: 'CREDIT' | 'DEBIT';
  /** REVERSE only: the posting to reverse (of the same account). */
  reversesPostingKey?: string;
  /** SETTLE only: paid out (REDEEMED) or forfeited (FORFEITED). */
  settleTo?: 'REDEEMED' | 'FORFEITED';
  /** Why: free text that may name the customer, so it is audited by field name only and erased on anonymisation. */
  reason?: string | null;
  /** Required of every caller that moves points on request; null only for the bank's own jobs. */
  idempotency: Idempotency | null;
  /** The second admin who approved it (an adjustment above the threshold). */
  approvedBy?: string | null;
  /** Where the amount sits in the caller's input, for userErrors (default ["input", "amount"]). */
  amountField?: string[];
}

export interface PostingResult {
  postingId: string;
  /** True when the key had been used for this same request before: nothing new was posted. */
  replayed: boolean;
  /** The account's balance after the posting (or now, on a replay). */
  balance: number;
}

/** The idempotency scope of a caller: the staff member's subject or the partner client's id. */
export function scopeOf(viewer: Viewer | null): string {
  if (!viewer) return 'system';
  return viewer.kind === 'staff' ? `staff:${viewer.subject}` : `partner:${viewer.clientId}`;
}

/** A stable hash of an operation and its input (keys sorted), to tell a replay from a reuse of the key. */
export function requestHashOf(operation: string, input: Record<string, unknown>): string {
  const sorted = Object.keys(input).sort().map((k) => [k, input[k] ?? null]);
  return createHash('sha256').update(JSON.stringify([operation, sorted])).digest('hex');
}

export function idempotencyOf(viewer: Viewer | null, key: string, operation: string, input: Record<string, unknown>): Idempotency {
  return { scope: scopeOf(viewer), key, requestHash: requestHashOf(operation, input) };
}

/** Whether `n` is a number of points one posting may move; the userError when not. */
export function checkAmount(n: unknown, config: Config, field: string[] = ['input', 'amount']): void {
  const max = config.loyalty.maxPointsPerPosting;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0 || n > max) {
    refuse(E.INVALID_AMOUNT, `Points must be a whole number from 1 to ${max}`, field);
  }
}

export function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

interface LockedAccount {
  id: string;
  customer_id: string;
  status: LoyaltyStatus;
}

/** The account row, locked until the transaction ends: postings on one account take turns. */
export async function lockAccount(em: EntityManager, accountKey: string): Promise<LockedAccount> {
  const rows = await em.execute<LockedAccount[]>('select id, customer_id, status from loyalty_account where id = ? for update', [accountKey]);
  if (!rows.length) notFound('LoyaltyAccount');
  return rows[0];
}

/** The account's balance: the sum of its lines. */
export async function balanceOf(em: EntityManager, accountKey: string): Promise<number> {
  const rows = await em.execute<{ balance: string }[]>(`select coalesce(sum(amount), 0)::text as balance from points_line where account_id = ?`, [accountKey]);
  return Number(rows[0].balance);
}

/** The posting an idempotency key already made, if any: a replay answers it, a different request is refused. */
export async function replayOf(em: EntityManager, idem: Idempotency | null): Promise<{ postingId: string; accountKey: string } | null> {
  if (!idem) return null;
  const rows = await em.execute<{ id: string; account_id: string; request_hash: string }[]>(
    `select id, account_id, request_hash from points_posting where idempotency_scope = ? and idempotency_key = ?
     union all
     select coalesce(posting_id, id), account_id, request_hash from points_adjustment where idempotency_scope = ? and idempotency_key = ?`,
    [idem.scope, idem.key, idem.scope, idem.key],
  );
  if (!rows.length) return null;
  if (rows[0].request_hash !== idem.requestHash) {
    refuse(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different request; use a new key', ['input', 'idempotencyKey']);
  }
  return { postingId: rows[0].id, accountKey: rows[0].account_id };
}

const PROGRAMME_SIDE: Record<PostingKind, LedgerAccount | null> = {
  EARN: 'ISSUED',
  REDEEM: 'REDEEMED',
  EXPIRE: 'EXPIRED',
  ADJUST: 'ISSUED',
  SETTLE: null, // the policy's: REDEEMED (paid out) or FORFEITED
  REVERSE: null, // the original's lines, negated
};

/**
 * Posts points on one account, in the caller's transaction (opening one when there is none). Refusals are
 * domain errors that post nothing: INVALID_AMOUNT, ACCOUNT_CLOSED, ACCOUNT_SUSPENDED (redemptions),
 * INSUFFICIENT_POINTS, ALREADY_REVERSED, NOT_REVERSIBLE, IDEMPOTENCY_KEY_REUSED (a CONFLICT), NOT_FOUND.
 * A replay of the same key and request returns the first posting with `replayed: true`.
 */
export async function postPoints(em: EntityManager, deps: LedgerDeps, input: PostPointsInput): Promise<PostingResult> {
  if (!em.isInTransaction()) return em.transactional((tx) => postPoints(tx, deps, input));
  const account = await lockAccount(em, input.accountKey);
  const replay = await replayOf(em, input.idempotency);
  if (replay) return { postingId: replay.postingId, replayed: true, balance: await balanceOf(em, input.accountKey) };

  const kind = input.kind;
  let amount = input.amount;
  if (kind !== PostingKind.REVERSE) checkAmount(amount, deps.config, input.amountField);
  if (account.status === LoyaltyStatus.CLOSED) refuse(E.ACCOUNT_CLOSED, 'The loyalty account is closed', ['input', 'accountId']);
  if (account.status === LoyaltyStatus.SUSPENDED && kind === PostingKind.REDEEM) {
    refuse(E.ACCOUNT_SUSPENDED, 'The loyalty account is suspended: points cannot be redeemed', ['input', 'accountId']);
  }

  const balance = await balanceOf(em, account.id);
  let delta: number;
  let programme: { ledgerAccount: LedgerAccount; amount: number }[];
  switch (kind) {
    case PostingKind.EARN:
      delta = amount;
      break;
    case PostingKind.ADJUST:
      delta = input.direction === 'DEBIT' ? -amount : amount;
      break;
    case PostingKind.REDEEM:
    case PostingKind.SETTLE:
      delta = -amount;
      break;
    case PostingKind.REVERSE: {
      const original = await reversible(em, account.id, input.reversesPostingKey);
      amount = Math.abs(original.delta);
      delta = -original.delta;
      programme = original.lines.filter((l) => l.ledger_account !== 'CUSTOMER').map((l) => ({ ledgerAccount: l.ledger_account, amount: -Number(l.amount) }));
      break;
    }
    default:
      throw new Error(`postPoints does not post ${String(kind)}`);
  }
  if (delta < 0 && balance + delta < 0) {
    refuse(E.INSUFFICIENT_POINTS, `The account holds ${balance} points; this needs ${-delta}`, input.amountField ?? ['input', 'amount']);
  }
  if (kind !== PostingKind.REVERSE) {
    const side = kind === PostingKind.SETTLE ? (input.settleTo ?? 'REDEEMED') : PROGRAMME_SIDE[kind]!;
    programme = [{ ledgerAccount: side, amount: -delta }];
  }

  const who = actorOf(deps.viewer);
  const posting = em.create(PointsPosting, {
    accountId: account.id,
    kind,
    amount: String(amount),
    delta: String(delta),
    reason: input.reason?.trim() || null,
    reversesPostingId: kind === PostingKind.REVERSE ? input.reversesPostingKey! : null,
    actorKind: who.kind,
    actorId: who.id,
    approvedBy: input.approvedBy ?? null,
    idempotencyScope: input.idempotency?.scope ?? null,
    idempotencyKey: input.idempotency?.key ?? null,
    requestHash: input.idempotency?.requestHash ?? null,
    postedAt: deps.now,
    expiresAt: delta > 0 ? addMonths(deps.now, deps.config.loyalty.expiryMonths) : null,
    requestId: deps.requestId,
  });
  em.create(PointsLine, { postingId: posting.id, ledgerAccount: 'CUSTOMER', accountId: account.id, amount: String(delta) });
  for (const p of programme!) em.create(PointsLine, { postingId: posting.id, ledgerAccount: p.ledgerAccount, accountId: null, amount: String(p.amount) });
  recordAudit(em, deps, {
    action: 'loyalty.points_posted',
    entityType: 'PointsPosting',
    entityId: posting.id,
    customerId: account.customer_id,
    changes: [
      { field: 'kind', old: null, new: kind },
      { field: 'delta', old: null, new: delta },
      { field: 'balance', old: balance, new: balance + delta },
      ...(kind === PostingKind.REVERSE ? [{ field: 'reversesPostingId', old: null, new: input.reversesPostingKey! }] : []),
      ...(posting.reason ? [{ field: 'reason' }] : []),
    ],
  });
  raiseEvent(em, deps, {
    type: 'points.posted',
    customerId: account.customer_id,
    payload: {
      entryId: toGlobalId('PointsEntry', posting.id), accountId: toGlobalId('LoyaltyAccount', account.id),
      customerId: toGlobalId('Customer', account.customer_id), kind, delta, balance: balance + delta, at: deps.now.toISOString(),
    },
  });
  await em.flush();
  return { postingId: posting.id, replayed: false, balance: balance + delta };
}

async function reversible(em: EntityManager, accountKey: string, postingKey: string | undefined) {
  const field = ['input', 'entryId'];
  const rows = postingKey
    ? await em.execute<{ kind: PostingKind; delta: string; reversed: boolean }[]>(
        `select kind, delta, exists (select 1 from points_posting r where r.reverses_posting_id = p.id) as reversed
           from points_posting p where p.id = ? and p.account_id = ?`,
        [postingKey, accountKey],
      )
    : [];
  if (!rows.length) notFound('PointsEntry');
  const p = rows[0];
  if (p.reversed) refuse(E.ALREADY_REVERSED, 'This entry has been reversed already', field);
  if (p.kind === PostingKind.REVERSE || p.kind === PostingKind.EXPIRE || p.kind === PostingKind.SETTLE) {
    refuse(E.NOT_REVERSIBLE, `A ${p.kind} entry cannot be reversed`, field);
  }
  const lines = await em.execute<{ ledger_account: LedgerAccount; amount: string }[]>('select ledger_account, amount from points_line where posting_id = ?', [postingKey]);
  return { delta: Number(p.delta), lines };
}

/**
 * Runs a write that posts with an idempotency key in its own transaction. Two first requests with one key
 * that raced past the replay check meet the unique index: the loser answers as a replay (or a CONFLICT).
 */
export async function withIdempotency<T>(em: EntityManager, idem: Idempotency, write: (tx: EntityManager) => Promise<T>, onReplay: (postingId: string) => T): Promise<T> {
  try {
    return await em.transactional(write);
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    em.clear();
    const replay = await em.fork().transactional((tx) => replayOf(tx, idem));
    if (!replay) throw err;
    return onReplay(replay.postingId);
  }
}

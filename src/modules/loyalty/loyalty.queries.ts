// Read SQL for loyalty, returning plain objects shaped like the GraphQL types. Every query joins the
// account's customer through the customers module's bound, so that a relationship manager's book applies.
import type { Knex } from '@mikro-orm/postgresql';
import type { NamedCapability } from '../../auth/permissions';
import { anyOf } from '../../db/sql';
import { reader, type Context } from '../../graphql/context';
import { levelRows } from '../../graphql/level-reads';
import { notFound as notFoundError } from '../../graphql/errors';
import { money } from '../../graphql/money';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { ofVisibleCustomers } from '../customers/public';
import { type LoyaltyStatus, type Tier, TIERS_LOW_TO_HIGH } from './loyalty-account.entity';
import type { PostingKind } from './points-posting.entity';
import { loyaltyCapabilities } from './permissions';
import type { LoyaltyAccountView, LoyaltyLiabilityView, LoyaltyStatementView, PointsAdjustmentView, PointsEntryView, TierChangeView } from './loyalty.type';

export const toDate = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

/** Accounts joined with their customer, bounded by the reach of the viewer's `cap` (reading loyalty by default). */
export function visibleAccounts(ctx: Context, cap: NamedCapability = loyaltyCapabilities.read): Knex.QueryBuilder {
  const knex = reader(ctx);
  return ofVisibleCustomers(knex('loyalty_account as la'), ctx, 'la.customer_id', cap).select(
    // Named columns, not a star: the statement can be prepared (see src/db/prepared.ts).
    ...['id', 'customer_id', 'status', 'tier', 'enrolled_at', 'tier_changed_at', 'closed_at', 'version'].map((c) => `la.${c}`),
    knex.raw('(select coalesce(sum(pl.amount), 0) from points_line pl where pl.account_id = la.id)::text as balance'),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toAccount(r: any): LoyaltyAccountView {
  return {
    __typename: 'LoyaltyAccount',
    id: toGlobalId('LoyaltyAccount', r.id),
    key: r.id,
    customerKey: r.customer_id,
    status: r.status as LoyaltyStatus,
    tier: r.tier as Tier,
    pointsBalance: Number(r.balance),
    enrolledAt: toDate(r.enrolled_at)!,
    tierChangedAt: toDate(r.tier_changed_at),
    closedAt: toDate(r.closed_at),
    version: r.version,
  } as LoyaltyAccountView;
}

/** Accounts by key, within the viewer's reach (node(id:) and mutation payloads). */
export async function accountsByKeys(ctx: Context, keys: readonly string[], cap?: NamedCapability): Promise<LoyaltyAccountView[]> {
  if (!keys.length) return [];
  return (await visibleAccounts(ctx, cap).whereIn('la.id', [...keys])).map(toAccount);
}

/** Accounts by their customer's key: one statement for a whole page of customers. */
export async function accountsByCustomerKeys(ctx: Context, keys: readonly string[]): Promise<LoyaltyAccountView[]> {
  if (!keys.length) return [];
  return (await levelRows(ctx, visibleAccounts(ctx).whereRaw(...anyOf('la.customer_id', 'uuid', keys)))).map(toAccount);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toEntry(r: any): PointsEntryView {
  return {
    __typename: 'PointsEntry',
    id: toGlobalId('PointsEntry', r.id),
    key: r.id,
    accountKey: r.account_id,
    reversesKey: r.reverses_posting_id,
    seq: String(r.seq),
    kind: r.kind as PostingKind,
    amount: Number(r.amount),
    delta: Number(r.delta),
    reason: r.reason,
    actor: r.actor_id,
    approvedBy: r.approved_by,
    postedAt: toDate(r.posted_at)!,
    expiresAt: toDate(r.expires_at),
    reversed: !!r.reversed,
  } as PointsEntryView;
}

const REVERSED = '(exists (select 1 from points_posting r where r.reverses_posting_id = pp.id)) as reversed';

/** Postings joined with their account's customer, within the viewer's reach for reading loyalty. */
function visiblePostings(ctx: Context, cap: NamedCapability = loyaltyCapabilities.read): Knex.QueryBuilder {
  const knex = reader(ctx);
  return ofVisibleCustomers(knex('points_posting as pp').join('loyalty_account as la', 'la.id', 'pp.account_id'), ctx, 'la.customer_id', cap)
    .select('pp.*', knex.raw(REVERSED));
}

export async function entriesByKeys(ctx: Context, keys: readonly string[], cap?: NamedCapability): Promise<PointsEntryView[]> {
  if (!keys.length) return [];
  return (await visiblePostings(ctx, cap).whereIn('pp.id', [...keys])).map(toEntry);
}

/** An account's entries, newest first, a page at a time (keyset on posting order). */
export async function entriesOf(ctx: Context, accountKey: string, page: PageRequest) {
  const q = visiblePostings(ctx).where('pp.account_id', accountKey);
  const cursor = cursorValues(page, ['bigint']);
  // Newest first: walking forward is descending posting order.
  const descending = !page.backward;
  if (cursor) q.whereRaw(`pp.seq ${descending ? '<' : '>'} ?::bigint`, cursor as never[]);
  q.orderBy('pp.seq', descending ? 'desc' : 'asc').limit(page.size + 1);
  const rows: { seq: string }[] = await q;
  return toConnection(rows, page, (r) => [String(r.seq)], toEntry, async () =>
    Number((await reader(ctx)('points_posting').where('account_id', accountKey).count({ n: '*' }).first())?.n ?? 0),
  );
}

/** An account's tier changes, newest first, a page at a time. */
export async function tierHistoryOf(ctx: Context, accountKey: string, page: PageRequest) {
  const knex = reader(ctx);
  const q = knex('tier_change').where('account_id', accountKey).select('*');
  const cursor = cursorValues(page, ['bigint']);
  const descending = !page.backward;
  if (cursor) q.whereRaw(`seq ${descending ? '<' : '>'} ?::bigint`, cursor as never[]);
  q.orderBy('seq', descending ? 'desc' : 'asc').limit(page.size + 1);
  const rows: { seq: string }[] = await q;
  return toConnection(
    rows,
    page,
    (r) => [String(r.seq)],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (r: any): TierChangeView => ({
      seq: String(r.seq), fromTier: r.from_tier, toTier: r.to_tier, reason: r.reason, pointsEarned12m: Number(r.points_earned_12m), changedAt: toDate(r.changed_at)!,
    }),
    async () => Number((await knex('tier_change').where('account_id', accountKey).count({ n: '*' }).first())?.n ?? 0),
  );
}

const STATEMENT_LIMIT = 1000;

/** Opening balance, the period's entries and the closing balance, all from one snapshot of the ledger. */
export async function statementOf(ctx: Context, accountKey: string, from: Date, to: Date): Promise<LoyaltyStatementView> {
  const knex = reader(ctx);
  const sums = await ofVisibleCustomers(knex('loyalty_account as la'), ctx, 'la.customer_id', loyaltyCapabilities.read)
    .where('la.id', accountKey)
    .select(
      knex.raw(`(select coalesce(sum(delta), 0) from points_posting p where p.account_id = la.id and p.posted_at < ?)::text as opening`, [from]),
      knex.raw(`(select coalesce(sum(delta), 0) from points_posting p where p.account_id = la.id and p.posted_at >= ? and p.posted_at < ?)::text as net`, [from, to]),
      knex.raw(`(select coalesce(json_agg(x order by x.seq), '[]') from (
          select p.*, exists (select 1 from points_posting r where r.reverses_posting_id = p.id) as reversed from points_posting p
           where p.account_id = la.id and p.posted_at >= ? and p.posted_at < ? order by p.posted_at, p.seq limit ?) x) as entries`, [from, to, STATEMENT_LIMIT + 1]),
    )
    .first();
  if (!sums) throw notFoundError('LoyaltyAccount');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const entries = (sums.entries as any[]).map(toEntry);
  const opening = Number(sums.opening);
  const net = Number(sums.net);
  return { from, to, openingBalance: opening, netChange: net, closingBalance: opening + net, entries: entries.slice(0, STATEMENT_LIMIT), truncated: entries.length > STATEMENT_LIMIT };
}

/** Points outstanding by tier and their value, in one statement. */
export async function liability(ctx: Context): Promise<LoyaltyLiabilityView> {
  const rows: { tier: Tier; accounts: number; points: string }[] = await reader(ctx).raw(
    `select la.tier, count(*)::int as accounts, coalesce(sum(b.balance), 0)::text as points
       from loyalty_account la
       cross join lateral (select coalesce(sum(amount), 0) as balance from points_line pl where pl.account_id = la.id) b
      where la.status <> 'CLOSED'
      group by la.tier`,
  ).then((r: { rows: { tier: Tier; accounts: number; points: string }[] }) => r.rows);
  const currency = ctx.config.reportingCurrency;
  const rate = BigInt(ctx.config.loyalty.pointValueMinor);
  const byTier = TIERS_LOW_TO_HIGH.map((tier) => {
    const r = rows.find((x) => x.tier === tier);
    const points = BigInt(r?.points ?? '0');
    return { tier, accounts: r?.accounts ?? 0, points: Number(points), value: money(points * rate, currency) };
  });
  const total = rows.reduce((s, r) => s + BigInt(r.points), 0n);
  return { byTier, totalPoints: Number(total), totalValue: money(total * rate, currency), asOf: ctx.now };
}

export async function adjustmentByKey(ctx: Context, key: string): Promise<PointsAdjustmentView | null> {
  const r = await reader(ctx)('points_adjustment').where('id', key).first();
  if (!r) return null;
  return {
    id: toGlobalId('PointsAdjustment', r.id), delta: Number(r.delta), status: r.status, requestedBy: r.requested_by, decidedBy: r.decided_by, createdAt: toDate(r.created_at)!,
  };
}

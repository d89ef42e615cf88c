// Read SQL for loyalty, returning plain objects shaped like the GraphQL types. Every query joins the
// account's customer through the customers module's bound, so that a relationship manager's book applies.
import type { Knex } from '@mikro-orm/postgresql';
import type { NamedCapability } from '../../auth/permissions';
import { reader, type Context } from '../../graphql/context';
import { toGlobalId } from '../../graphql/relay';
import { ofVisibleCustomers } from '../customers/public';
import type { LoyaltyStatus, Tier } from './loyalty-account.entity';
import { loyaltyCapabilities } from './permissions';
import type { LoyaltyAccountView } from './loyalty.type';

export const toDate = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

/** Accounts joined with their customer, bounded by the reach of the viewer's `cap` (reading loyalty by default). */
export function visibleAccounts(ctx: Context, cap: NamedCapability = loyaltyCapabilities.read): Knex.QueryBuilder {
  const knex = reader(ctx);
  return ofVisibleCustomers(knex('loyalty_account as la'), ctx, 'la.customer_id', cap).select(
    'la.*',
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
export async function accountsByKeys(ctx: Context, keys: readonly string[]): Promise<LoyaltyAccountView[]> {
  if (!keys.length) return [];
  return (await visibleAccounts(ctx).whereIn('la.id', [...keys])).map(toAccount);
}

/** Accounts by their customer's key: one statement for a whole page of customers. */
export async function accountsByCustomerKeys(ctx: Context, keys: readonly string[]): Promise<LoyaltyAccountView[]> {
  if (!keys.length) return [];
  return (await visibleAccounts(ctx).whereIn('la.customer_id', [...keys])).map(toAccount);
}

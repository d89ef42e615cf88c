// Read SQL for retention offers, returning plain objects shaped like the GraphQL types. Proposals are
// about customers, so they are read through the customers module's bound (a relationship manager's book).
import type { Knex } from '@mikro-orm/postgresql';
import type { NamedCapability } from '../../auth/permissions';
import { reader, type Context } from '../../graphql/context';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import type { AccountType } from '../customers/public';
import { ofVisibleCustomers } from '../customers/public';
import type { Tier } from './loyalty-account.entity';
import type { AssignmentStatus, OfferKind, OfferStatus } from './offer.entity';
import type { RetentionOfferFilter } from './offer.inputs';
import type { OfferAssignmentView, OfferConsumptionView, RetentionOfferView } from './offer.type';
import { loyaltyCapabilities } from './permissions';

const toDate = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toOffer(r: any): RetentionOfferView {
  return {
    __typename: 'RetentionOffer',
    id: toGlobalId('RetentionOffer', r.id),
    key: r.id,
    kind: r.kind as OfferKind,
    name: r.name,
    terms: r.terms,
    value: Number(r.value),
    validFrom: toDate(r.valid_from)!,
    validUntil: toDate(r.valid_until)!,
    minTier: (r.min_tier ?? null) as Tier | null,
    productTypes: (r.product_types ?? []) as AccountType[],
    budgetCount: r.budget_count ?? null,
    budgetValue: r.budget_value == null ? null : Number(r.budget_value),
    status: r.status as OfferStatus,
    createdAt: toDate(r.created_at)!,
    retiredAt: toDate(r.retired_at),
    version: r.version,
  } as RetentionOfferView;
}

/** The catalogue is not about any one customer: whoever may read loyalty reads all of it. */
export async function offersByKeys(ctx: Context, keys: readonly string[]): Promise<RetentionOfferView[]> {
  if (!keys.length) return [];
  return ((await reader(ctx)('retention_offer').whereIn('id', [...keys]).select('*')) as unknown[]).map(toOffer);
}

// Keyset: oldest first, (created_at, id), matching retention_offer_list_idx.
export async function listOffers(ctx: Context, filter: RetentionOfferFilter | undefined, page: PageRequest) {
  const knex = reader(ctx);
  const base = knex('retention_offer as o');
  if (filter?.status) base.where('o.status', filter.status);
  if (filter?.kind) base.where('o.kind', filter.kind);
  const ascending = !page.backward;
  const q = base.clone().select('o.*');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(o.created_at, o.id) ${ascending ? '>' : '<'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  const dir = ascending ? 'asc' : 'desc';
  q.orderBy([{ column: 'o.created_at', order: dir }, { column: 'o.id', order: dir }]).limit(page.size + 1);
  const rows: { created_at: string | Date; id: string }[] = await q;
  return toConnection(rows, page, (r) => [new Date(r.created_at).toISOString(), r.id], toOffer, async () =>
    Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toAssignment(r: any): OfferAssignmentView {
  return {
    __typename: 'OfferAssignment',
    id: toGlobalId('OfferAssignment', r.id),
    key: r.id,
    offerKey: r.offer_id,
    customerKey: r.customer_id,
    status: r.status as AssignmentStatus,
    value: Number(r.value),
    proposedBy: r.proposed_by,
    proposedAt: toDate(r.proposed_at)!,
    expiresAt: toDate(r.expires_at)!,
    answeredAt: toDate(r.answered_at),
    answeredBy: r.answered_by ?? null,
    channel: r.channel ?? null,
    offboardingCaseId: r.offboarding_case_id ? toGlobalId('OffboardingCase', r.offboarding_case_id) : null,
    retentionAttemptRecorded: r.retention_attempt_id != null,
  } as OfferAssignmentView;
}

/** Proposals joined with their customer, bounded by the reach of the viewer's `cap`. */
function visibleAssignments(ctx: Context, cap: NamedCapability = loyaltyCapabilities.read): Knex.QueryBuilder {
  return ofVisibleCustomers(reader(ctx)('offer_assignment as oa'), ctx, 'oa.customer_id', cap).select('oa.*');
}

export async function assignmentsByKeys(ctx: Context, keys: readonly string[], cap?: NamedCapability): Promise<OfferAssignmentView[]> {
  if (!keys.length) return [];
  return ((await visibleAssignments(ctx, cap).whereIn('oa.id', [...keys])) as unknown[]).map(toAssignment);
}

// Keyset: newest first, (proposed_at, id), matching offer_assignment_customer_idx.
export async function offersOfCustomer(ctx: Context, customerKey: string, page: PageRequest) {
  const base = visibleAssignments(ctx).where('oa.customer_id', customerKey);
  const descending = !page.backward;
  const q = base.clone();
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(oa.proposed_at, oa.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  const dir = descending ? 'desc' : 'asc';
  q.orderBy([{ column: 'oa.proposed_at', order: dir }, { column: 'oa.id', order: dir }]).limit(page.size + 1);
  const rows: { proposed_at: string | Date; id: string }[] = await q;
  return toConnection(rows, page, (r) => [new Date(r.proposed_at).toISOString(), r.id], toAssignment, async () =>
    Number((await reader(ctx)('offer_assignment').where('customer_id', customerKey).count({ n: '*' }).first())?.n ?? 0),
  );
}

/**
 * What became of each offer's proposals, counted in SQL in one statement for a whole page of offers. The
 * budget used is what the offer row holds reserved (open and accepted proposals), kept by the same
 * transactions that change the proposals.
 */
export async function consumptionByOfferKeys(ctx: Context, keys: readonly string[]): Promise<OfferConsumptionView[]> {
  if (!keys.length) return [];
  const { rows } = await reader(ctx).raw(
    `select o.id, o.reserved_count, o.reserved_value::text, o.budget_count, o.budget_value::text,
            count(a.id)::int as proposed,
            count(a.id) filter (where a.status = 'PROPOSED')::int as open,
            count(a.id) filter (where a.status = 'ACCEPTED')::int as accepted,
            count(a.id) filter (where a.status = 'DECLINED')::int as declined,
            count(a.id) filter (where a.status = 'EXPIRED')::int as expired,
            count(a.id) filter (where a.status = 'WITHDRAWN')::int as withdrawn,
            (count(a.id) filter (where a.status = 'ACCEPTED'))::float8
              / nullif(count(a.id) filter (where a.status in ('ACCEPTED','DECLINED','EXPIRED')), 0) as acceptance_rate
       from retention_offer o left join offer_assignment a on a.offer_id = o.id
      where o.id = any(?::uuid[])
      group by o.id`,
    [[...keys]],
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return rows.map((r: any): OfferConsumptionView => ({
    offerKey: r.id,
    proposed: r.proposed,
    open: r.open,
    accepted: r.accepted,
    declined: r.declined,
    expired: r.expired,
    withdrawn: r.withdrawn,
    acceptanceRate: r.acceptance_rate == null ? null : Number(r.acceptance_rate),
    budgetCountUsed: r.reserved_count,
    budgetValueUsed: Number(r.reserved_value),
    budgetCountRemaining: r.budget_count == null ? null : r.budget_count - r.reserved_count,
    budgetValueRemaining: r.budget_value == null ? null : Number(r.budget_value) - Number(r.reserved_value),
  }));
}

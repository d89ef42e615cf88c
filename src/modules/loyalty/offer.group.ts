// Proposing one catalogue offer to many customers at once (a campaign's treated customers), set-based:
// one statement checks every customer's eligibility in SQL (the offer's own conditions and every
// contributed check's set form), reserves the budget for all of them with one conditional update of the
// offer row, and records the proposals. Nothing loops over customers here.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { invalid, notFound, problem } from '../../domain/errors';
import type { CustomerContacts, EligibilityCheck } from '../../module';
import { CustomerStatus, ofCustomersWithStatus } from '../customers/public';
import { type Tier, TIERS_LOW_TO_HIGH } from './loyalty-account.entity';
import { OfferKind, OfferStatus, POSTING_KINDS } from './offer.entity';
import { OfferErrorCode as E, refuseOffer } from './offer.errors';
import { DEFAULT_PROPOSAL_DAYS } from './offer.service';

const DAY = 86_400_000;

export interface GroupProposal {
  offerKey: string;
  /** The customers to propose to, as a query selecting `customer_id` (wrapped: a query builder is thenable). */
  customers: { query: Knex.QueryBuilder };
  channel: string | null;
  /** What else the contributed checks may look at (e.g. `segmentKey`). */
  context?: Record<string, unknown>;
  /** Where a refusal points in the caller's input. */
  offerField?: string[];
}

export interface GroupProposalResult {
  /** The proposals made: proposal key and customer key. */
  proposed: { assignmentKey: string; customerKey: string }[];
  /** Customers given who were not eligible (or had this offer open already); they get nothing. */
  ineligible: number;
}

/** The offer as a campaign sees it: whether it may be proposed now. */
export interface OfferSummary {
  key: string;
  kind: OfferKind;
  status: OfferStatus;
  validFrom: Date;
  validUntil: Date;
  minTier: Tier | null;
  productTypes: string[];
}

export async function offerSummary(em: EntityManager, offerKey: string): Promise<OfferSummary | null> {
  const rows = await em.execute<{
    id: string; kind: OfferKind; status: OfferStatus; valid_from: string | Date; valid_until: string | Date; min_tier: Tier | null; product_types: string[];
  }[]>(
    'select id, kind, status, valid_from, valid_until, min_tier, product_types from retention_offer where id = ?',
    [offerKey],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return {
    key: r.id, kind: r.kind, status: r.status, validFrom: new Date(r.valid_from), validUntil: new Date(r.valid_until), minTier: r.min_tier, productTypes: r.product_types,
  };
}

/**
 * Proposes the offer to every eligible customer of the group, in the caller's transaction. Eligible: an
 * active customer who has consented to marketing, meets the offer's tier, product and account conditions
 * and every contributed check, and has no open proposal of it. All or none: a budget too small for all
 * of them refuses the whole batch.
 */
export async function proposeOfferToGroup(em: EntityManager, deps: ServiceDeps & { eligibility: EligibilityCheck[] }, input: GroupProposal): Promise<GroupProposalResult> {
  const field = input.offerField ?? ['input', 'offerId'];
  const knex = (em.getTransactionContext() ?? em.getKnex()) as Knex;
  // Group proposals of one offer queue behind each other: the eligible set (no open proposal of the
  // offer yet) is read after the one before has committed, so that two launches over overlapping
  // groups cannot both propose to the same customer.
  await knex.raw('select 1 from retention_offer where id = ?::uuid for update', [input.offerKey]);
  const offer = await offerSummary(em, input.offerKey);
  if (!offer) notFound('RetentionOffer');
  if (offer.status === OfferStatus.RETIRED) refuseOffer(E.OFFER_RETIRED, 'The offer is retired', field);
  if (deps.now < offer.validFrom || deps.now >= offer.validUntil) {
    refuseOffer(E.OFFER_NOT_VALID_NOW, `The offer may be proposed from ${offer.validFrom.toISOString()} until ${offer.validUntil.toISOString()}`, field);
  }
  const ref = { kind: 'RETENTION_OFFER', key: offer.key, offerKind: offer.kind, ...input.context };
  const withoutSetForm = deps.eligibility.filter((ch) => !ch.sql);
  if (withoutSetForm.length) {
    invalid(withoutSetForm.map((ch) => problem(field, E.NOT_ELIGIBLE, `The eligibility check ${ch.name} cannot be applied to many customers at once`)));
  }
  const contributed = deps.eligibility.map((ch) => ch.sql!(knex, ref));
  const expiresAt = new Date(Math.min(offer.validUntil.getTime(), deps.now.getTime() + DEFAULT_PROPOSAL_DAYS * DAY));
  const who = actorOf(deps.viewer);
  // Eligible: active, consenting, the offer's conditions and every contributed check, no open proposal of it.
  const eligible = ofCustomersWithStatus(knex.from(input.customers.query.clone().as('g')), 'g.customer_id', CustomerStatus.ACTIVE)
    .where('c.marketing_consent', true)
    .whereRaw(`not exists (select 1 from offer_assignment x where x.offer_id = ?::uuid and x.customer_id = c.id and x.status = 'PROPOSED')`, [offer.key]);
  if (POSTING_KINDS.has(offer.kind) || offer.minTier) {
    const rank = offer.minTier ? TIERS_LOW_TO_HIGH.indexOf(offer.minTier) : 0;
    eligible.whereRaw(
      `exists (select 1 from loyalty_account la where la.customer_id = c.id and la.status <> 'CLOSED' and array_position(?::text[], la.tier) > ?)`,
      [[...TIERS_LOW_TO_HIGH], rank],
    );
  }
  if (offer.productTypes.length) {
    eligible.whereRaw(`exists (select 1 from account a where a.customer_id = c.id and a.status <> 'CLOSED' and a.type = any(?::text[]))`, [offer.productTypes]);
  }
  for (const condition of contributed) eligible.where(condition);
  eligible.distinct('c.id as customer_id');
  const rows = await knex.raw(
    `with given as (select distinct g.customer_id from ? g),
     eligible as (?),
     reserved as (
       update retention_offer r set reserved_count = r.reserved_count + (select count(*) from eligible),
         reserved_value = r.reserved_value + r.value * (select count(*) from eligible)
       where r.id = ?::uuid and r.status = 'ACTIVE'
         and (r.budget_count is null or r.reserved_count + (select count(*) from eligible) <= r.budget_count)
         and (r.budget_value is null or r.reserved_value + r.value * (select count(*) from eligible) <= r.budget_value)
       returning r.id, r.value
     ),
     made as (
       insert into offer_assignment (id, offer_id, customer_id, value, proposed_by, proposed_at, expires_at, status, channel)
       select gen_random_uuid(), r.id, e.customer_id, r.value, ?, ?::timestamptz, ?::timestamptz, 'PROPOSED', ?
       from eligible e, reserved r
       returning id, customer_id
     )
     select (select count(*) from given)::int as given, (select count(*) from eligible)::int as eligible,
       (select count(*) from reserved)::int as reserved,
       (select coalesce(json_agg(json_build_object('a', m.id, 'c', m.customer_id)), '[]'::json) from made m) as made`,
    [input.customers.query, eligible, input.offerKey, who.id, deps.now, expiresAt, input.channel],
  );
  const r = rows.rows[0] as { given: number; eligible: number; reserved: number; made: { a: string; c: string }[] };
  if (r.eligible > 0 && r.reserved === 0) {
    refuseOffer(E.BUDGET_EXHAUSTED, `The offer's budget does not cover the ${r.eligible} eligible customers`, field);
  }
  if (r.made.length) {
    recordAudit(em, deps, {
      action: 'loyalty.offers_proposed',
      entityType: 'RetentionOffer',
      entityId: input.offerKey,
      changes: [{ field: 'proposed', old: null, new: r.made.length }, { field: 'expiresAt', old: null, new: expiresAt.toISOString() }],
    });
    await em.flush();
  }
  return { proposed: r.made.map((m) => ({ assignmentKey: m.a, customerKey: m.c })), ineligible: r.given - r.made.length };
}

/** Proposals and their answers, for analytics in higher modules: id, offer_id, customer_id, status, answered_at. */
export function offerAnswers(knex: Knex): Knex.QueryBuilder {
  return knex('offer_assignment as oa').select('oa.id', 'oa.offer_id', 'oa.customer_id', 'oa.status', 'oa.answered_at');
}

/** Offers proposed to customers are contacts with them (for "without contact" figures). */
export const offerContacts: CustomerContacts = {
  source: 'loyalty',
  sql: (knex: Knex) => knex('offer_assignment').select('customer_id', 'proposed_at as contacted_at'),
};

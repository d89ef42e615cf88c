// Writes on campaigns: create, launch (draw the holdout, record every assignment, propose the offer to
// the treated customers through loyalty), close. Assignments are written by one set-based statement;
// proposals by loyalty's set-based group proposal, in the same transaction.
import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, invalid, notFound, problem, type Problem } from '../../domain/errors';
import type { CustomerGroup, EligibilityCheck } from '../../module';
import { CustomerStatus, ofCustomersWithStatus } from '../customers/public';
import { OfferStatus, offerSummary, proposeOfferToGroup } from '../loyalty/public';
import { Campaign, CampaignChannel, CampaignState } from './campaign.entity';
import { CampaignErrorCode as E, refuseCampaign } from './campaign.errors';

export interface CampaignDeps extends ServiceDeps {
  /** Contributed eligibility checks of offers (loyalty applies them to every proposal). */
  eligibility: EligibilityCheck[];
  /** The group kind campaigns target: segments' (its current members). */
  segments: CustomerGroup | null;
}

export interface NewCampaign {
  name: string;
  description?: string | null;
  /** Null: the id given was not an offer's. */
  offerKey: string | null;
  /** Null: the id given was not a segment's. */
  segmentKey: string | null;
  channel: CampaignChannel;
  holdoutPercent: number;
}

const db = (em: EntityManager): Knex => (em.getTransactionContext() ?? em.getKnex()) as Knex;

/**
 * The arm of a customer in a campaign: HOLDOUT when the first 32 bits of md5("<campaign>:<customer>"),
 * modulo 10,000, fall below the holdout percentage × 100. Anyone can recompute it from the two ids.
 */
export const armSql = (customerKey: string) =>
  `case when ('x' || substr(md5(?::text || ':' || ${customerKey}::text), 1, 8))::bit(32)::bigint % 10000 < ? * 100 then 'HOLDOUT' else 'TREATMENT' end`;

async function problemsOf(em: EntityManager, deps: CampaignDeps, input: NewCampaign): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (!input.name.trim()) problems.push(problem(['input', 'name'], E.INVALID, 'A campaign needs a name'));
  if (!Number.isInteger(input.holdoutPercent) || input.holdoutPercent < 1 || input.holdoutPercent > 99) {
    problems.push(problem(['input', 'holdoutPercent'], E.INVALID_HOLDOUT, 'The holdout is a whole percentage from 1 to 99'));
  }
  const group = input.segmentKey && deps.segments ? await deps.segments.members(em, input.segmentKey) : null;
  if (!group) problems.push(problem(['input', 'segmentId'], E.UNKNOWN_SEGMENT, 'No segment has this id'));
  const offer = input.offerKey ? await offerSummary(em, input.offerKey) : null;
  if (!offer) problems.push(problem(['input', 'offerId'], E.UNKNOWN_OFFER, 'No offer of the retention catalogue has this id'));
  else if (offer.status !== OfferStatus.ACTIVE) problems.push(problem(['input', 'offerId'], E.OFFER_NOT_USABLE, 'The offer is retired'));
  else if (offer.validUntil <= deps.now) problems.push(problem(['input', 'offerId'], E.OFFER_NOT_USABLE, 'The offer\'s validity is over'));
  return problems;
}

export async function createCampaign(deps: CampaignDeps, input: NewCampaign): Promise<string> {
  return deps.em.transactional(async (em) => {
    const problems = await problemsOf(em, deps, input);
    if (problems.length) invalid(problems);
    const c = em.create(Campaign, {
      createdAt: deps.now,
      updatedAt: deps.now,
      name: input.name.trim(),
      description: input.description?.trim() || null,
      offerId: input.offerKey!,
      segmentId: input.segmentKey!,
      channel: input.channel,
      holdoutPercent: input.holdoutPercent,
      state: CampaignState.DRAFT,
      createdBy: actorOf(deps.viewer).id,
    });
    recordAudit(em, deps, {
      action: 'campaign.created',
      entityType: 'Campaign',
      entityId: c.id,
      changes: [
        { field: 'name', old: null, new: c.name },
        { field: 'offerId', old: null, new: c.offerId },
        { field: 'segmentId', old: null, new: c.segmentId },
        { field: 'channel', old: null, new: c.channel },
        { field: 'holdoutPercent', old: null, new: c.holdoutPercent },
      ],
    });
    await em.flush();
    return c.id;
  });
}

async function lockCampaign(em: EntityManager, key: string, version: number | null): Promise<Campaign> {
  const c = await em.findOne(Campaign, { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!c) notFound('Campaign');
  if (version !== null && c.version !== version) conflict(`The campaign was changed by someone else (version ${c.version}, you sent ${version}); read it again`);
  return c;
}

/** The only moves a campaign makes (the module guide draws this table; a test holds the drawing to it). */
export const CAMPAIGN_TRANSITIONS: Record<CampaignState, CampaignState[]> = {
  DRAFT: [CampaignState.LAUNCHED],
  LAUNCHED: [CampaignState.CLOSED],
  CLOSED: [],
};

function mayMove(c: Campaign, to: CampaignState): void {
  if (!CAMPAIGN_TRANSITIONS[c.state].includes(to)) {
    refuseCampaign(E.ILLEGAL_TRANSITION, `A ${c.state} campaign cannot become ${to} (allowed: ${CAMPAIGN_TRANSITIONS[c.state].join(', ') || 'none'})`, ['input', 'id']);
  }
}

async function inTransaction<T>(deps: ServiceDeps, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await deps.em.transactional(fn);
  } catch (err) {
    if (err instanceof OptimisticLockError) conflict('Someone else changed this campaign while you were saving; read it again');
    throw err;
  }
}

/**
 * Launches a DRAFT campaign: the segment's current members who are active customers with marketing
 * consent are assigned TREATMENT or HOLDOUT (one statement), and the offer is proposed to the treated
 * ones who are eligible for it (loyalty, one statement). Customers without consent are in neither arm.
 */
export async function launchCampaign(deps: CampaignDeps, key: string, version: number): Promise<string> {
  return inTransaction(deps, async (em) => {
    const c = await lockCampaign(em, key, version);
    mayMove(c, CampaignState.LAUNCHED);
    const group = deps.segments ? await deps.segments.members(em, c.segmentId) : null;
    if (!group) refuseCampaign(E.UNKNOWN_SEGMENT, 'The campaign\'s segment is gone', ['input', 'id']);
    const offer = await offerSummary(em, c.offerId);
    if (!offer || offer.status !== OfferStatus.ACTIVE || deps.now < offer.validFrom || deps.now >= offer.validUntil) {
      refuseCampaign(E.OFFER_NOT_USABLE, 'The campaign\'s offer cannot be proposed now (retired, or outside its validity)', ['input', 'id']);
    }
    const knex = db(em);
    // The segment's active members through the customers module's own filter, consent and deposits with them.
    const members = ofCustomersWithStatus(knex.from(group.query.clone().as('g')), 'g.customer_id', CustomerStatus.ACTIVE)
      .distinct('c.id', 'c.marketing_consent', 'c.total_deposits_minor');
    const drawn = await knex.raw(
      `with members as (?),
       assigned as (
         insert into campaign_assignment (campaign_id, customer_id, arm, assigned_at, deposits_minor)
         select ?::uuid, m.id, ${armSql('m.id')}, ?::timestamptz, m.total_deposits_minor
         from members m where m.marketing_consent
         returning arm
       )
       select (select count(*) from assigned where arm = 'TREATMENT')::int as treated,
              (select count(*) from assigned where arm = 'HOLDOUT')::int as holdout,
              (select count(*) from members where not marketing_consent)::int as without_consent`,
      [members, c.id, c.id, c.holdoutPercent, deps.now],
    );
    const counts = drawn.rows[0] as { treated: number; holdout: number; without_consent: number };
    const treated = knex('campaign_assignment').select('customer_id').where({ campaign_id: c.id, arm: 'TREATMENT' });
    const made = await proposeOfferToGroup(em, deps, {
      offerKey: c.offerId,
      customers: { query: treated },
      channel: c.channel,
      context: { segmentKey: c.segmentId, campaignKey: c.id },
      offerField: ['input', 'id'],
    });
    if (made.proposed.length) {
      await knex.raw(
        `update campaign_assignment ca set offer_assignment_id = (p->>'a')::uuid
           from jsonb_array_elements(?::jsonb) p
          where ca.campaign_id = ?::uuid and ca.customer_id = (p->>'c')::uuid`,
        [JSON.stringify(made.proposed.map((p) => ({ a: p.assignmentKey, c: p.customerKey }))), c.id],
      );
    }
    Object.assign(c, {
      state: CampaignState.LAUNCHED, launchedAt: deps.now, updatedAt: deps.now,
      treatedCount: counts.treated, holdoutCount: counts.holdout, withoutConsentCount: counts.without_consent, proposedCount: made.proposed.length,
    });
    recordAudit(em, deps, {
      action: 'campaign.launched',
      entityType: 'Campaign',
      entityId: c.id,
      changes: [
        { field: 'state', old: CampaignState.DRAFT, new: CampaignState.LAUNCHED },
        { field: 'treated', old: null, new: counts.treated },
        { field: 'holdout', old: null, new: counts.holdout },
        { field: 'withoutConsent', old: null, new: counts.without_consent },
        { field: 'proposed', old: null, new: made.proposed.length },
      ],
    });
    await em.flush();
    return c.id;
  });
}

/** Closes a LAUNCHED campaign; its proposals run until they are answered or lapse, and its results stay readable. */
export async function closeCampaign(deps: ServiceDeps, key: string, version: number): Promise<string> {
  return inTransaction(deps, async (em) => {
    const c = await lockCampaign(em, key, version);
    mayMove(c, CampaignState.CLOSED);
    Object.assign(c, { state: CampaignState.CLOSED, closedAt: deps.now, updatedAt: deps.now });
    recordAudit(em, deps, {
      action: 'campaign.closed', entityType: 'Campaign', entityId: c.id, changes: [{ field: 'state', old: CampaignState.LAUNCHED, new: CampaignState.CLOSED }],
    });
    await em.flush();
    return c.id;
  });
}

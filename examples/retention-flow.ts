// The retention desk's flow, as a front-end or a partner app would run it against Keel:
//   1. find the highest-risk customers in a segment (or, for partners, above a risk score) who may
//      receive offers;
//   2. read why each is at risk (the score's factors) and what to do (recommended actions);
//   3. propose a retention offer from the loyalty catalogue to those who may receive offers;
//   4. record each customer's answer;
//   5. read the results (the proposal's status, the customer's points);
//   6. [campaigns] when asked, and where this Keel has campaigns: create a campaign of the offer for the
//      segment (with a holdout), launch it, and read its results (treated versus holdout).
// Every call is a typed document generated from schema/operations.
import {
  type CampaignChannel,
  type CampaignFieldsFragment,
  CampaignResultsDocument,
  type CampaignResultsQuery,
  CreateCampaignDocument,
  type CustomerRiskQuery,
  CustomerRiskDocument,
  CustomerOffersDocument,
  type CustomerFilter,
  type OfferAnswer,
  OfferConsumptionDocument,
  type OfferConsumptionQuery,
  LaunchCampaignDocument,
  ProposeOfferDocument,
  RespondToOfferDocument,
  RetentionOffersDocument,
  type RetentionOfferKind,
  type RiskBand,
  RiskyCustomersDocument,
  type RiskyCustomersQuery,
  RootFieldsDocument,
} from '../schema/generated/operations';
import type { KeelClient } from './keel-client';

/** Whose customers: a segment's members (staff who may read segments) or everyone from a score up (partners have no segment scope). */
export type Target = { segmentId: string } | { minScore: number };

export interface RetentionFlowOptions {
  target: Target;
  /** How many of the highest-risk customers to work (default 5). */
  top?: number;
  /** The catalogue offer to propose; default: the first active offer of `offerKind`. */
  offerId?: string;
  /** The kind of offer to pick when `offerId` is not given (default BONUS_POINTS). */
  offerKind?: RetentionOfferKind;
  /** The customer's answer, as heard on the channel (in this example: decided by the caller). */
  answerOf: (customer: { id: string; rank: number }) => OfferAnswer;
  /** Where the offer is made and answered (e.g. PHONE, BRANCH, APP). */
  channel?: string;
  /** Prefix of the answers' idempotency keys (`<prefix>:<assignment id>`): an answer sent again, say after a timeout, is a replay, never a second answer. */
  idempotencyPrefix: string;
  /** Read how the offer does overall (retention analysts and admins only). */
  readOfferConsumption?: boolean;
  /** At most this many customers are read to rank them (default 1,000). */
  maxScan?: number;
  /**
   * Work only customers who may receive offers (default true): Keel proposes offers outside an exit only
   * to customers who consented to marketing. With false, the others are listed with the reason.
   */
  reachableOnly?: boolean;
  /**
   * Step 6: a campaign of the offer for the segment (staff who manage campaigns; a score target has no
   * segment to aim at). Left out: the step is skipped.
   */
  campaign?: CampaignOptions;
}

export interface CampaignOptions {
  name: string;
  /** The share of the segment's consenting members held out as the control group, 1..99 (default 20). */
  holdoutPercent?: number;
  /** How the offer reaches the treated customers (default EMAIL). */
  channel?: CampaignChannel;
  /** The retention window its results are read over, in days after launch (default 90). */
  windowDays?: number;
}

export interface UserErrorLine {
  field: string[];
  code: string;
  message: string;
}

export interface WorkedCustomer {
  id: string;
  displayName: string;
  score: number;
  band: RiskBand;
  marketingConsent: boolean;
  factors: NonNullable<NonNullable<CustomerRiskQuery['customer']>['riskScore']>['factors'];
  recommendedActions: NonNullable<CustomerRiskQuery['customer']>['recommendedActions'];
  /** The proposal made, or why none was (a userError's code, or NO_MARKETING_CONSENT when it was not tried). */
  proposal: { assignmentId: string } | { refused: UserErrorLine[] };
  /** The answer recorded, when a proposal was made. */
  answer?: { answer: OfferAnswer; status: string; replayed: boolean } | { refused: UserErrorLine[] };
  /** Read back after the answer. */
  result?: { status: string | null; pointsBalance: number | null };
}

export type CampaignResults = NonNullable<CampaignResultsQuery['campaign']['results']>;

/** What step 6 did: skipped (and why), refused (at which call, with the userErrors), or launched with its results. */
export type CampaignStep =
  | { status: 'SKIPPED'; reason: string }
  | { status: 'REFUSED'; at: 'createCampaign' | 'launchCampaign'; campaignId: string | null; refused: UserErrorLine[] }
  | { status: 'LAUNCHED'; campaign: CampaignFieldsFragment; results: CampaignResults | null };

export interface RetentionFlowReport {
  target: Target;
  /** Customers read to rank them, and whether there were more than `maxScan`. */
  scanned: number;
  truncated: boolean;
  /** Higher-risk customers passed over because they may not receive offers (with `reachableOnly`). */
  passedOver: number;
  offer: { id: string; name: string; kind: RetentionOfferKind; value: number };
  customers: WorkedCustomer[];
  consumption?: NonNullable<Extract<OfferConsumptionQuery['node'], { consumption: unknown }>>['consumption'];
  campaign: CampaignStep;
}

const PAGE = 100;

function filterOf(target: Target): CustomerFilter {
  const contributed =
    'segmentId' in target ? [{ name: 'segments.segmentId', value: target.segmentId }] : [{ name: 'risk.minScore', value: String(target.minScore) }];
  // Offers outside an exit go to active customers only.
  return { status_in: ['ACTIVE'], contributed };
}

/**
 * Step 1: the customers of the target with their current score, highest first (the list cannot order by
 * score: ranked here). With `reachableOnly`, only those who may receive offers (marketing consent); the
 * higher-ranked ones passed over are counted.
 */
export async function highestRisk(client: KeelClient, target: Target, top: number, { maxScan = 1000, reachableOnly = false } = {}) {
  const scored: { id: string; displayName: string; score: number; band: RiskBand; marketingConsent: boolean }[] = [];
  let after: string | null = null;
  let scanned = 0;
  let truncated = false;
  for (;;) {
    const page: RiskyCustomersQuery = await client.query(RiskyCustomersDocument, { first: PAGE, after, filter: filterOf(target) });
    for (const { node } of page.customers.edges) {
      scanned += 1;
      if (node.riskScore) scored.push({ id: node.id, displayName: node.displayName, score: node.riskScore.score, band: node.riskScore.band, marketingConsent: node.marketingConsent });
    }
    if (!page.customers.pageInfo.hasNextPage) break;
    if (scanned >= maxScan) {
      truncated = true;
      break;
    }
    after = page.customers.pageInfo.endCursor;
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const chosen = (reachableOnly ? scored.filter((c) => c.marketingConsent) : scored).slice(0, top);
  const last = chosen[chosen.length - 1];
  const passedOver = last ? scored.indexOf(last) + 1 - chosen.length : 0;
  return { customers: chosen, scanned, truncated, passedOver };
}

/** The offer to propose: the one asked for, or the first active one of the kind. */
async function chooseOffer(client: KeelClient, options: RetentionFlowOptions) {
  const kind = options.offerKind ?? 'BONUS_POINTS';
  const offers = await client.query(RetentionOffersDocument, { first: 100, filter: options.offerId ? { status: 'ACTIVE' } : { status: 'ACTIVE', kind } });
  const offer = offers.retentionOffers.edges.map((e) => e.node).find((o) => (options.offerId ? o.id === options.offerId : o.kind === kind));
  if (!offer) throw new Error(options.offerId ? `No active offer ${options.offerId}` : `No active ${kind} offer in the catalogue`);
  return { id: offer.id, name: offer.name, kind: offer.kind, value: offer.value };
}

/**
 * Step 6, campaigns: where this Keel's schema has `campaigns`, create a DRAFT campaign of the offer for the
 * segment, launch it (Keel splits the segment's consenting members into TREATMENT and HOLDOUT and proposes the
 * offer to the eligible treated ones), and read its results. Right after launch the window has just begun:
 * the figures are so far (`windowComplete` false); read them again later with CampaignResults.
 */
export async function campaignStep(client: KeelClient, target: Target, offerId: string, options: CampaignOptions | undefined): Promise<CampaignStep> {
  if (!options) return { status: 'SKIPPED', reason: 'No campaign was asked for: the flow ends with the recorded answers' };
  if (!('segmentId' in target)) return { status: 'SKIPPED', reason: 'A campaign targets a segment; this flow worked customers by score' };
  const root = await client.query(RootFieldsDocument, {});
  const has = root.__schema.queryType.fields?.some((f) => f.name === 'campaigns') ?? false;
  if (!has) return { status: 'SKIPPED', reason: 'This Keel has no campaigns: the flow ends with the recorded answers' };

  const created = await client.mutate(CreateCampaignDocument, {
    input: {
      name: options.name,
      offerId,
      segmentId: target.segmentId,
      channel: options.channel ?? 'EMAIL',
      holdoutPercent: options.holdoutPercent ?? 20,
    },
  });
  const draft = created.createCampaign.campaign;
  if (!draft) return { status: 'REFUSED', at: 'createCampaign', campaignId: null, refused: created.createCampaign.userErrors };

  // The version read is passed back: a campaign someone else changed meanwhile is a CONFLICT, not a surprise.
  const launched = await client.mutate(LaunchCampaignDocument, { input: { id: draft.id, version: draft.version } });
  const campaign = launched.launchCampaign.campaign;
  if (!campaign) return { status: 'REFUSED', at: 'launchCampaign', campaignId: draft.id, refused: launched.launchCampaign.userErrors };

  const read = await client.query(CampaignResultsDocument, { id: campaign.id, windowDays: options.windowDays ?? 90 });
  const { results, ...fields } = read.campaign;
  return { status: 'LAUNCHED', campaign: fields, results };
}

export async function runRetentionFlow(client: KeelClient, options: RetentionFlowOptions): Promise<RetentionFlowReport> {
  const channel = options.channel ?? 'PHONE';
  // 1. The highest-risk customers of the target.
  const ranked = await highestRisk(client, options.target, options.top ?? 5, { maxScan: options.maxScan, reachableOnly: options.reachableOnly ?? true });
  const offer = await chooseOffer(client, options);

  const customers: WorkedCustomer[] = [];
  for (const [rank, c] of ranked.customers.entries()) {
    // 2. Why they are at risk, and what to do.
    const risk = await client.query(CustomerRiskDocument, { id: c.id, history: 1 });
    const worked: WorkedCustomer = {
      ...c,
      factors: risk.customer.riskScore?.factors ?? [],
      recommendedActions: risk.customer.recommendedActions,
      proposal: { refused: [] },
    };
    customers.push(worked);

    // 3. Propose the offer: Keel makes offers outside an exit only to customers who consented to marketing.
    if (!c.marketingConsent) {
      worked.proposal = { refused: [{ field: ['input', 'customerId'], code: 'NO_MARKETING_CONSENT', message: 'Not proposed: no marketing consent' }] };
      continue;
    }
    const proposed = await client.mutate(ProposeOfferDocument, { input: { offerId: offer.id, customerId: c.id, channel } });
    const assignment = proposed.proposeOffer.offerAssignment;
    if (!assignment) {
      worked.proposal = { refused: proposed.proposeOffer.userErrors };
      continue;
    }
    worked.proposal = { assignmentId: assignment.id };

    // 4. Record the customer's answer (idempotent: a replay of the key answers what the first call did).
    const answer = options.answerOf({ id: c.id, rank });
    const answered = await client.mutate(RespondToOfferDocument, {
      input: { assignmentId: assignment.id, answer, channel, idempotencyKey: `${options.idempotencyPrefix}:${assignment.id}` },
    });
    const after = answered.respondToOffer.offerAssignment;
    worked.answer = after
      ? { answer, status: after.status, replayed: answered.respondToOffer.replayed ?? false }
      : { refused: answered.respondToOffer.userErrors };

    // 5. The result as Keel now holds it.
    const now = await client.query(CustomerOffersDocument, { id: c.id, first: 20 });
    const mine = now.customer.offers.edges.find((e) => e.node.id === assignment.id)?.node;
    worked.result = { status: mine?.status ?? null, pointsBalance: now.customer.loyaltyAccount?.pointsBalance ?? null };
  }

  const report: RetentionFlowReport = {
    target: options.target, scanned: ranked.scanned, truncated: ranked.truncated, passedOver: ranked.passedOver, offer, customers,
    campaign: { status: 'SKIPPED', reason: '' },
  };
  if (options.readOfferConsumption) {
    const node = (await client.query(OfferConsumptionDocument, { id: offer.id })).node;
    if (node && 'consumption' in node) report.consumption = node.consumption;
  }
  // 6. A campaign of the offer for the segment, launched, and its results.
  report.campaign = await campaignStep(client, options.target, offer.id, options.campaign);
  return report;
}

// Writes to the retention catalogue and to the offers proposed to customers. Each operation is one
// transaction that checks who may act (each capability with its own bound on the customer), applies the
// rules, and writes its audit event. A proposal reserves its share of the offer's budget with one
// conditional update of the offer row, so that concurrent proposals never overspend it; an answer locks
// the proposal row, so that it is answered once, and accepting points or cashback posts through the ledger.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import { can, canFor } from '../../auth/permissions';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, forbidden, invalid, notFound, problem, type Problem } from '../../domain/errors';
import type { EligibilityCheck } from '../../module';
import { accountsInScope, AccountStatus, customerStanding, CustomerStatus } from '../customers/public';
import { caseForRetentionOffer, recordRetentionOfferAnswer, RetentionAnswer } from '../offboarding/public';
import { idempotencyOf, postPoints, requestHashOf } from './ledger.service';
import { LoyaltyStatus, Tier, TIERS_LOW_TO_HIGH } from './loyalty-account.entity';
import { AssignmentStatus, OfferAssignment, OfferKind, OfferStatus, POSTING_KINDS, RetentionOffer } from './offer.entity';
import { OfferErrorCode as E, refuseOffer } from './offer.errors';
import { OfferAnswer } from './offer.inputs';
import { loyaltyCapabilities as l } from './permissions';
import { PostingKind } from './points-posting.entity';
import { toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';

/** What offer writes need besides the usual: the eligibility checks other modules contribute. */
export interface OfferDeps extends ServiceDeps {
  eligibility: EligibilityCheck[];
}

/** A proposal lapses after this long unless the proposer says otherwise (never after the offer's validity). */
export const DEFAULT_PROPOSAL_DAYS = 30;
const DAY = 86_400_000;
const MAX_CASHBACK_MINOR = 100_000_000;

export interface OfferFields {
  kind: OfferKind;
  name: string;
  terms: string;
  value: number;
  validFrom: Date;
  validUntil: Date;
  minTier: Tier | null;
  productTypes: string[];
  budgetCount: number | null;
  budgetValue: number | null;
}

/** What `value` may be for each kind of offer, and what it counts. */
function valueRange(kind: OfferKind, deps: ServiceDeps): { min: number; max: number; unit: string } {
  switch (kind) {
    case OfferKind.BONUS_POINTS:
      return { min: 1, max: deps.config.loyalty.maxPointsPerPosting, unit: 'points' };
    case OfferKind.CASHBACK:
      return { min: 1, max: MAX_CASHBACK_MINOR, unit: 'minor units of the reporting currency' };
    case OfferKind.RATE_DISCOUNT:
      return { min: 1, max: 1000, unit: 'basis points' };
    case OfferKind.FEE_WAIVER:
      return { min: 1, max: 24, unit: 'months of fees waived' };
    case OfferKind.EXCLUSIVE_PRODUCT:
      return { min: 0, max: 0, unit: '(an exclusive product has no value: 0)' };
  }
}

const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

/** Every problem with an offer's fields at once, as userErrors. */
function offerProblems(f: OfferFields, deps: ServiceDeps, reserved: { count: number; value: number } = { count: 0, value: 0 }): Problem[] {
  const errors: Problem[] = [];
  const r = valueRange(f.kind, deps);
  if (!whole(f.value) || f.value < r.min || f.value > r.max) {
    errors.push(problem(['input', 'value'], E.INVALID_VALUE, `A ${f.kind} offer's value is a whole number of ${r.unit} from ${r.min} to ${r.max}`));
  }
  if (!(f.validFrom instanceof Date) || !(f.validUntil instanceof Date) || !(f.validFrom.getTime() < f.validUntil.getTime())) {
    errors.push(problem(['input', 'validUntil'], E.INVALID_VALIDITY, '`validFrom` must be before `validUntil`'));
  }
  if (f.budgetCount != null && (!whole(f.budgetCount) || f.budgetCount < 1 || f.budgetCount > 10_000_000)) {
    errors.push(problem(['input', 'budgetCount'], E.INVALID, 'A count budget is a whole number from 1 to 10,000,000'));
  } else if (f.budgetCount != null && f.budgetCount < reserved.count) {
    errors.push(problem(['input', 'budgetCount'], E.INVALID, `${reserved.count} proposals hold the budget already; it cannot go below that`));
  }
  if (f.budgetValue != null && (!whole(f.budgetValue) || f.budgetValue < 1 || f.budgetValue > 1e15)) {
    errors.push(problem(['input', 'budgetValue'], E.INVALID, 'A value budget is a whole number from 1 to 10^15'));
  } else if (f.budgetValue != null && f.budgetValue < reserved.value) {
    errors.push(problem(['input', 'budgetValue'], E.INVALID, `Proposals hold ${reserved.value} of the budget already; it cannot go below that`));
  }
  if (new Set(f.productTypes).size !== f.productTypes.length) {
    errors.push(problem(['input', 'productTypes'], E.INVALID, 'Name each product type once'));
  }
  return errors;
}

function mayManage(deps: ServiceDeps): void {
  if (!can(deps.viewer, l.manageCatalogue)) forbidden('Only admins and retention analysts manage the offer catalogue');
}

function snapshotOf(o: RetentionOffer): Record<string, unknown> {
  return {
    kind: o.kind, name: o.name, value: Number(o.value), validFrom: o.validFrom.toISOString(), validUntil: o.validUntil.toISOString(),
    minTier: o.minTier ?? null, productTypes: [...o.productTypes].join(','), budgetCount: o.budgetCount ?? null,
    budgetValue: o.budgetValue == null ? null : Number(o.budgetValue), status: o.status,
  };
}

function changesOf(before: Record<string, unknown>, after: Record<string, unknown>, termsChanged: boolean) {
  const changes = Object.keys(after).filter((k) => before[k] !== after[k]).map((k) => ({ field: k, old: before[k] ?? null, new: after[k] ?? null }));
  // Terms are long free text: audited by name only.
  return termsChanged ? [...changes, { field: 'terms' }] : changes;
}

export async function createRetentionOffer(deps: ServiceDeps, f: OfferFields): Promise<string> {
  mayManage(deps);
  const errors = offerProblems(f, deps);
  if (errors.length) invalid(errors);
  return deps.em.transactional(async (em) => {
    const o = em.create(RetentionOffer, {
      createdAt: deps.now, updatedAt: deps.now, kind: f.kind, name: f.name.trim(), terms: f.terms.trim(), value: String(f.value),
      validFrom: f.validFrom, validUntil: f.validUntil, minTier: f.minTier, productTypes: f.productTypes,
      budgetCount: f.budgetCount, budgetValue: f.budgetValue == null ? null : String(f.budgetValue),
      status: OfferStatus.ACTIVE, createdBy: actorOf(deps.viewer).id,
    });
    recordAudit(em, deps, { action: 'loyalty.offer_created', entityType: 'RetentionOffer', entityId: o.id, changes: changesOf({}, snapshotOf(o), true) });
    await em.flush();
    return o.id;
  });
}

/** The offer row, locked until the transaction ends (proposals reserve its budget on the same row). */
async function lockOffer(em: EntityManager, offerKey: string, version: number): Promise<RetentionOffer> {
  const rows = await em.execute<{ id: string }[]>('select id from retention_offer where id = ? for update', [offerKey]);
  if (!rows.length) notFound('RetentionOffer');
  const o = (await em.findOne(RetentionOffer, { id: offerKey }, { refresh: true }))!;
  if (o.version !== version) conflict(`The offer was changed by someone else (version ${o.version}, you sent ${version}); read it again`);
  return o;
}

export type OfferChanges = Partial<OfferFields> & { offerKey: string; version: number };

export async function updateRetentionOffer(deps: ServiceDeps, input: OfferChanges): Promise<string> {
  mayManage(deps);
  // Only the tier, the product types and the budgets can be cleared; every offer keeps a name, terms, value and validity.
  const cleared = (['name', 'terms', 'value', 'validFrom', 'validUntil'] as const).filter((k) => (input as Record<string, unknown>)[k] === null);
  if (cleared.length) invalid(cleared.map((k) => problem(['input', k], E.INVALID, `${k} cannot be cleared; leave it out to keep it`)));
  return deps.em.transactional(async (em) => {
    const o = await lockOffer(em, input.offerKey, input.version);
    if (o.status === OfferStatus.RETIRED) refuseOffer(E.OFFER_RETIRED, 'A retired offer cannot be changed', ['input', 'offerId']);
    const before = snapshotOf(o);
    const pick = <K extends keyof OfferFields>(k: K, current: OfferFields[K]): OfferFields[K] => (input[k] === undefined ? current : (input[k] as OfferFields[K]));
    const next: OfferFields = {
      kind: o.kind,
      name: pick('name', o.name),
      terms: pick('terms', o.terms),
      value: pick('value', Number(o.value)),
      validFrom: pick('validFrom', o.validFrom),
      validUntil: pick('validUntil', o.validUntil),
      minTier: pick('minTier', o.minTier ?? null),
      productTypes: pick('productTypes', o.productTypes) ?? [],
      budgetCount: pick('budgetCount', o.budgetCount ?? null),
      budgetValue: pick('budgetValue', o.budgetValue == null ? null : Number(o.budgetValue)),
    };
    const errors = offerProblems(next, deps, { count: o.reservedCount, value: Number(o.reservedValue) });
    if (errors.length) invalid(errors);
    const termsChanged = next.terms.trim() !== o.terms;
    Object.assign(o, {
      name: next.name.trim(), terms: next.terms.trim(), value: String(next.value), validFrom: next.validFrom, validUntil: next.validUntil,
      minTier: next.minTier, productTypes: next.productTypes, budgetCount: next.budgetCount,
      budgetValue: next.budgetValue == null ? null : String(next.budgetValue), updatedAt: deps.now,
    });
    const changes = changesOf(before, snapshotOf(o), termsChanged);
    if (!changes.length) refuseOffer(E.INVALID, 'Nothing to change: the offer is like this already');
    recordAudit(em, deps, { action: 'loyalty.offer_updated', entityType: 'RetentionOffer', entityId: o.id, changes });
    await em.flush();
    return o.id;
  });
}

export async function retireRetentionOffer(deps: ServiceDeps, input: { offerKey: string; version: number }): Promise<string> {
  mayManage(deps);
  return deps.em.transactional(async (em) => {
    const o = await lockOffer(em, input.offerKey, input.version);
    if (o.status === OfferStatus.RETIRED) refuseOffer(E.OFFER_RETIRED, 'The offer is retired already', ['input', 'offerId']);
    o.status = OfferStatus.RETIRED;
    o.retiredAt = deps.now;
    o.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'loyalty.offer_retired', entityType: 'RetentionOffer', entityId: o.id, changes: [{ field: 'status', old: OfferStatus.ACTIVE, new: OfferStatus.RETIRED }],
    });
    await em.flush();
    return o.id;
  });
}

interface OfferRow {
  id: string;
  kind: OfferKind;
  name: string;
  value: string;
  valid_from: Date | string;
  valid_until: Date | string;
  min_tier: Tier | null;
  product_types: string[];
  status: OfferStatus;
}

/** Why the customer may not have this offer, from the offer's own conditions and every contributed check. */
async function ineligibility(em: EntityManager, deps: OfferDeps, offer: OfferRow, customerKey: string): Promise<string[]> {
  const reasons: string[] = [];
  const accounts = await em.execute<{ tier: Tier; status: LoyaltyStatus }[]>('select tier, status from loyalty_account where customer_id = ?', [customerKey]);
  const account = accounts[0];
  if (POSTING_KINDS.has(offer.kind) && (!account || account.status === LoyaltyStatus.CLOSED)) {
    reasons.push('The offer credits the customer\'s loyalty account, and they have no open one');
  }
  if (offer.min_tier) {
    const rank = (t: Tier) => TIERS_LOW_TO_HIGH.indexOf(t);
    if (!account || account.status === LoyaltyStatus.CLOSED || rank(account.tier) < rank(offer.min_tier)) {
      reasons.push(`The offer needs loyalty tier ${offer.min_tier} or above`);
    }
  }
  if (offer.product_types.length) {
    const held = (await accountsInScope(em, customerKey, null)).filter((a) => a.status !== AccountStatus.CLOSED).map((a) => a.type as string);
    if (!offer.product_types.some((t) => held.includes(t))) reasons.push(`The offer needs an open ${offer.product_types.join(' or ')} account`);
  }
  // Other modules' conditions (segments: "member of segment"), every one of them.
  for (const check of deps.eligibility) {
    const why = await check.check(em, customerKey, { kind: 'RETENTION_OFFER', key: offer.id, offerKind: offer.kind, name: offer.name });
    if (why) reasons.push(why);
  }
  return reasons;
}

export interface Proposal {
  offerKey: string;
  customerKey: string;
  expiresAt?: Date | null;
  channel?: string | null;
  caseKey?: string | null;
}

/**
 * Proposes an offer to a customer. Within an offboarding case (customer-initiated, still in retention)
 * the offer is linked to the case; outside one, a customer who has not consented to marketing gets none.
 */
export async function proposeOffer(deps: OfferDeps, input: Proposal): Promise<string> {
  try {
    return await deps.em.transactional(async (em) => {
      const standing = await customerStanding(em, input.customerKey);
      if (!standing || !canFor(deps.viewer, l.write, standing.rmId)) notFound('Customer');
      if (input.caseKey) {
        const { customerKey } = await caseForRetentionOffer(em, deps, input.caseKey);
        if (customerKey !== input.customerKey) refuseOffer(E.WRONG_CUSTOMER, 'The offboarding case is another customer\'s', ['input', 'offboardingCaseId']);
      } else {
        if (standing.status !== CustomerStatus.ACTIVE) {
          refuseOffer(E.CUSTOMER_NOT_ACTIVE, `The customer is ${standing.status}; offers outside an exit's retention go to active customers only`, ['input', 'customerId']);
        }
        // The customers module records consent; only the flag is read, never joined into other queries.
        const consent = await em.execute<{ marketing_consent: boolean }[]>('select marketing_consent from customer where id = ?', [input.customerKey]);
        if (!consent[0]?.marketing_consent) {
          refuseOffer(E.NO_MARKETING_CONSENT, 'The customer has not consented to marketing: offers are made to them only within an exit\'s retention', ['input', 'customerId']);
        }
      }
      const offers = await em.execute<OfferRow[]>(
        'select id, kind, name, value, valid_from, valid_until, min_tier, product_types, status from retention_offer where id = ?', [input.offerKey],
      );
      if (!offers.length) notFound('RetentionOffer');
      const offer = offers[0];
      const from = new Date(offer.valid_from);
      const until = new Date(offer.valid_until);
      if (offer.status === OfferStatus.RETIRED) refuseOffer(E.OFFER_RETIRED, 'The offer is retired', ['input', 'offerId']);
      if (deps.now < from || deps.now >= until) refuseOffer(E.OFFER_NOT_VALID_NOW, `The offer may be proposed from ${from.toISOString()} until ${until.toISOString()}`, ['input', 'offerId']);
      const expiresAt = input.expiresAt ?? new Date(Math.min(until.getTime(), deps.now.getTime() + DEFAULT_PROPOSAL_DAYS * DAY));
      if (!(expiresAt > deps.now) || expiresAt > until) {
        refuseOffer(E.INVALID, 'The proposal must lapse after now and no later than the offer\'s validity', ['input', 'expiresAt']);
      }
      const open = await em.execute<{ id: string }[]>(
        `select id from offer_assignment where offer_id = ? and customer_id = ? and status = 'PROPOSED'`, [offer.id, input.customerKey],
      );
      if (open.length) refuseOffer(E.ALREADY_PROPOSED, 'This offer is waiting for the customer\'s answer already', ['input', 'offerId']);
      const reasons = await ineligibility(em, deps, offer, input.customerKey);
      if (reasons.length) invalid(reasons.map((r) => problem(['input', 'customerId'], E.NOT_ELIGIBLE, r)));

      // The reservation: one conditional update, which waits for concurrent ones on the same row and then
      // re-checks the budget against what they reserved.
      const reserved = await em.execute<{ id: string }[]>(
        `update retention_offer set reserved_count = reserved_count + 1, reserved_value = reserved_value + ?::bigint
          where id = ? and status = 'ACTIVE'
            and (budget_count is null or reserved_count + 1 <= budget_count)
            and (budget_value is null or reserved_value + ?::bigint <= budget_value)
          returning id`,
        [offer.value, offer.id, offer.value],
      );
      if (!reserved.length) refuseOffer(E.BUDGET_EXHAUSTED, 'The offer\'s budget is used up (or it was retired meanwhile)', ['input', 'offerId']);

      const who = actorOf(deps.viewer);
      const a = em.create(OfferAssignment, {
        offerId: offer.id, customerId: input.customerKey, value: offer.value, proposedBy: who.id, proposedAt: deps.now, expiresAt,
        status: AssignmentStatus.PROPOSED, channel: input.channel?.trim() || null, offboardingCaseId: input.caseKey ?? null,
      });
      recordAudit(em, deps, {
        action: 'loyalty.offer_proposed', entityType: 'OfferAssignment', entityId: a.id, customerId: input.customerKey,
        changes: [
          { field: 'offerId', old: null, new: offer.id },
          { field: 'status', old: null, new: AssignmentStatus.PROPOSED },
          { field: 'expiresAt', old: null, new: expiresAt.toISOString() },
          ...(input.caseKey ? [{ field: 'offboardingCaseId', old: null, new: input.caseKey }] : []),
        ],
      });
      await em.flush();
      return a.id;
    });
  } catch (err) {
    // Two proposals of one offer to one customer raced past the check; the partial unique index let one through.
    if (err instanceof UniqueConstraintViolationException) refuseOffer(E.ALREADY_PROPOSED, 'This offer is waiting for the customer\'s answer already', ['input', 'offerId']);
    throw err;
  }
}

interface AssignmentRow {
  id: string;
  offer_id: string;
  customer_id: string;
  value: string;
  status: AssignmentStatus;
  expires_at: Date | string;
  offboarding_case_id: string | null;
  kind: OfferKind;
  name: string;
}

/** The proposal row, locked, when the viewer's `l.write` reaches its customer; otherwise it does not exist for them. */
async function lockAssignment(em: EntityManager, deps: ServiceDeps, key: string): Promise<AssignmentRow> {
  const rows = await em.execute<AssignmentRow[]>(
    `select a.id, a.offer_id, a.customer_id, a.value, a.status, a.expires_at, a.offboarding_case_id, o.kind, o.name
       from offer_assignment a join retention_offer o on o.id = a.offer_id where a.id = ? for update of a`,
    [key],
  );
  if (!rows.length) notFound('OfferAssignment');
  const standing = await customerStanding(em, rows[0].customer_id);
  if (!standing || !canFor(deps.viewer, l.write, standing.rmId)) notFound('OfferAssignment');
  return rows[0];
}

/** Gives back what a proposal reserved of its offer's budget (declined, expired or withdrawn). */
async function release(em: EntityManager, a: AssignmentRow): Promise<void> {
  await em.execute('update retention_offer set reserved_count = reserved_count - 1, reserved_value = reserved_value - ?::bigint where id = ?', [a.value, a.offer_id]);
}

export interface Answer {
  assignmentKey: string;
  answer: OfferAnswer;
  channel?: string | null;
  idempotencyKey: string;
}

/** The points an accepted offer credits: its value for BONUS_POINTS; CASHBACK's minor units at the configured point value, rounded up. */
function pointsOf(a: AssignmentRow, deps: ServiceDeps): number {
  const value = Number(a.value);
  if (a.kind === OfferKind.BONUS_POINTS) return value;
  const per = deps.config.loyalty.pointValueMinor;
  if (per <= 0) refuseOffer(E.INVALID_VALUE, 'Points have no value in this deployment, so cashback cannot be credited', ['input', 'assignmentId']);
  return Math.ceil(value / per);
}

/**
 * Records the customer's answer, once. A replay of the caller's key returns the first result; the key on
 * another request is a CONFLICT. Accepting BONUS_POINTS or CASHBACK posts to the ledger (its own key is the
 * proposal, so it posts once whoever answers). Within an exit, the answer is also the case's retention attempt.
 */
export async function respondToOffer(deps: ServiceDeps, input: Answer): Promise<{ assignmentKey: string; replayed: boolean }> {
  const idem = idempotencyOf(deps.viewer, input.idempotencyKey, 'respondToOffer', {
    assignmentKey: input.assignmentKey, answer: input.answer, channel: input.channel ?? null,
  });
  try {
    return await deps.em.transactional(async (em) => {
      const a = await lockAssignment(em, deps, input.assignmentKey);
      const used = await em.execute<{ id: string; answer_request_hash: string }[]>(
        'select id, answer_request_hash from offer_assignment where answer_idempotency_scope = ? and answer_idempotency_key = ?', [idem.scope, idem.key],
      );
      if (used.length) {
        if (used[0].id !== a.id || used[0].answer_request_hash !== idem.requestHash) {
          refuseOffer(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different request; use a new key', ['input', 'idempotencyKey']);
        }
        return { assignmentKey: a.id, replayed: true };
      }
      if (a.status !== AssignmentStatus.PROPOSED) refuseOffer(E.ALREADY_ANSWERED, `The offer is ${a.status} already`, ['input', 'assignmentId']);
      if (new Date(a.expires_at) <= deps.now) refuseOffer(E.OFFER_EXPIRED, 'The offer lapsed before the answer', ['input', 'assignmentId']);

      const accepted = input.answer === OfferAnswer.ACCEPT;
      let postingId: string | null = null;
      if (accepted && POSTING_KINDS.has(a.kind)) {
        const acc = await em.execute<{ id: string }[]>('select id from loyalty_account where customer_id = ?', [a.customer_id]);
        if (!acc.length) refuseOffer(E.NOT_ELIGIBLE, 'The customer has no loyalty account to credit', ['input', 'assignmentId']);
        const result = await postPoints(em, deps, {
          accountKey: acc[0].id, kind: PostingKind.EARN, amount: pointsOf(a, deps), reason: `Retention offer accepted: ${a.name}`,
          idempotency: { scope: 'offer', key: a.id, requestHash: requestHashOf('offerAccepted', { assignmentKey: a.id }) },
          amountField: ['input', 'assignmentId'],
        });
        postingId = result.postingId;
      }
      let attemptKey: string | null = null;
      if (a.offboarding_case_id) {
        attemptKey = await recordRetentionOfferAnswer(em, deps, {
          caseKey: a.offboarding_case_id, offer: `Catalogue offer: ${a.name}`, answer: accepted ? RetentionAnswer.ACCEPTED : RetentionAnswer.DECLINED,
        });
      }
      if (!accepted) await release(em, a);
      const status = accepted ? AssignmentStatus.ACCEPTED : AssignmentStatus.DECLINED;
      const row = (await em.findOne(OfferAssignment, { id: a.id }, { refresh: true }))!;
      Object.assign(row, {
        status, answeredAt: deps.now, answeredBy: actorOf(deps.viewer).id, channel: input.channel?.trim() || row.channel || null,
        retentionAttemptId: attemptKey, postingId, answerIdempotencyScope: idem.scope, answerIdempotencyKey: idem.key, answerRequestHash: idem.requestHash,
      });
      if (accepted) {
        raiseEvent(em, deps, {
          type: 'offer.accepted',
          customerId: a.customer_id,
          payload: {
            assignmentId: toGlobalId('OfferAssignment', a.id), customerId: toGlobalId('Customer', a.customer_id),
            offerKind: a.kind ?? null, withinExit: Boolean(a.offboarding_case_id), at: deps.now.toISOString(),
          },
        });
      } else {
        // A declined offer is a signal of leaving (risk rescores in this transaction). Like acceptance, it
        // says only whether it was within an exit, never the exit's reason.
        raiseEvent(em, deps, {
          type: 'offer.declined',
          customerId: a.customer_id,
          payload: {
            assignmentId: toGlobalId('OfferAssignment', a.id), customerId: toGlobalId('Customer', a.customer_id),
            offerKind: a.kind ?? null, withinExit: Boolean(a.offboarding_case_id), at: deps.now.toISOString(),
          },
        });
      }
      recordAudit(em, deps, {
        action: 'loyalty.offer_answered', entityType: 'OfferAssignment', entityId: a.id, customerId: a.customer_id,
        changes: [
          { field: 'status', old: AssignmentStatus.PROPOSED, new: status },
          ...(postingId ? [{ field: 'postingId', old: null, new: postingId }] : []),
          ...(attemptKey ? [{ field: 'retentionAttemptId', old: null, new: attemptKey }] : []),
        ],
      });
      await em.flush();
      return { assignmentKey: a.id, replayed: false };
    });
  } catch (err) {
    // The same key raced on two proposals: the unique index let one through.
    if (err instanceof UniqueConstraintViolationException) {
      refuseOffer(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different request; use a new key', ['input', 'idempotencyKey']);
    }
    throw err;
  }
}

/** The bank takes back an offer the customer has not answered; its budget is released. */
export async function withdrawOffer(deps: ServiceDeps, input: { assignmentKey: string }): Promise<string> {
  return deps.em.transactional(async (em) => {
    const a = await lockAssignment(em, deps, input.assignmentKey);
    if (a.status !== AssignmentStatus.PROPOSED) refuseOffer(E.ALREADY_ANSWERED, `The offer is ${a.status} already`, ['input', 'assignmentId']);
    await release(em, a);
    const row = (await em.findOne(OfferAssignment, { id: a.id }, { refresh: true }))!;
    Object.assign(row, { status: AssignmentStatus.WITHDRAWN, answeredAt: deps.now, answeredBy: actorOf(deps.viewer).id });
    recordAudit(em, deps, {
      action: 'loyalty.offer_withdrawn', entityType: 'OfferAssignment', entityId: a.id, customerId: a.customer_id,
      changes: [{ field: 'status', old: AssignmentStatus.PROPOSED, new: AssignmentStatus.WITHDRAWN }],
    });
    await em.flush();
    return a.id;
  });
}

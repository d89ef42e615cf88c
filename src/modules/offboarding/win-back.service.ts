// Win-back: approaches to customers who left, and bringing one back. A customer the bank exited, or
// whose data has been anonymised, is not a target.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import { toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';
import { notFound } from '../../domain/errors';
import { customerStanding, CustomerStatus, recordWinBack as reactivate } from '../customers/public';
import { latestExit } from './erasure.service';
import { actorIdOf, inTransaction, type OffboardingDeps } from './offboarding.deps';
import { OffboardingErrorCode as E, refuse } from './offboarding.errors';
import type { Capability } from '../../auth/permissions';
import { customerCapabilities } from '../customers/public';
import { assertMayFor } from './offboarding.rules';
import { offboardingCapabilities } from './permissions';
import { WinBackAttempt, WinBackOutcome } from './win-back-attempt.entity';

export interface WinBackInput {
  offer: string;
  outcome: WinBackOutcome;
  note?: string;
}

async function winBackTarget(em: EntityManager, deps: OffboardingDeps, key: string, cap: Capability): Promise<void> {
  const standing = await customerStanding(em, key);
  if (!standing) notFound('Customer');
  assertMayFor(deps.viewer, cap, standing.rmId, 'Customer', customerCapabilities.read, 'You may win back only the customers in your book');
  if (standing.status !== CustomerStatus.EXITED) refuse(E.NOT_EXITED, `The customer is ${standing.status}; only customers who left can be won back`, ['input', 'customerId']);
  if (standing.restricted) refuse(E.RESTRICTED, 'The bank ended this relationship; the customer is not a win-back target', ['input', 'customerId']);
  if ((await latestExit(em, key))?.anonymisedAt) refuse(E.ANONYMISED, 'The customer\'s data has been anonymised', ['input', 'customerId']);
}

function recordAttempt(em: EntityManager, deps: OffboardingDeps, key: string, input: WinBackInput): string {
  const attempt = em.create(WinBackAttempt, {
    createdAt: deps.now,
    updatedAt: deps.now,
    customerId: key,
    offer: input.offer.trim(),
    outcome: input.outcome,
    note: input.note?.trim() || null,
    recordedAt: deps.now,
    recordedBy: actorIdOf(deps),
  });
  recordAudit(em, deps, {
    action: 'win_back.attempt_recorded',
    entityType: 'WinBackAttempt',
    entityId: attempt.id,
    customerId: key,
    changes: [{ field: 'offer', old: null, new: attempt.offer }, { field: 'outcome', old: null, new: attempt.outcome }, ...(attempt.note ? [{ field: 'note' }] : [])],
  });
  return attempt.id;
}

export async function recordWinBackAttempt(deps: OffboardingDeps, key: string, input: WinBackInput): Promise<string> {
  if (input.outcome === WinBackOutcome.WON_BACK) refuse(E.INVALID, 'A customer who comes back is recorded with recordWinBack', ['input', 'outcome']);
  return inTransaction(deps, async (em) => {
    await winBackTarget(em, deps, key, offboardingCapabilities.recordWinBackAttempt);
    recordAttempt(em, deps, key, input);
    return key;
  });
}

/** The customer comes back: ACTIVE again, with wonBackAt, and the successful attempt on record. */
export async function recordWinBack(deps: OffboardingDeps, key: string, input: Omit<WinBackInput, 'outcome'>): Promise<string> {
  return inTransaction(deps, async (em) => {
    await winBackTarget(em, deps, key, offboardingCapabilities.winBack);
    const attemptKey = recordAttempt(em, deps, key, { ...input, outcome: WinBackOutcome.WON_BACK });
    await reactivate(em, deps, key);
    raiseEvent(em, deps, {
      type: 'customer.won_back',
      customerId: key,
      payload: { customerId: toGlobalId('Customer', key), attemptId: toGlobalId('WinBackAttempt', attemptKey), at: deps.now.toISOString() },
    });
    return key;
  });
}

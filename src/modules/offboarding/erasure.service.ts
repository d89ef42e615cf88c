// Record retention after an exit: erasure requests, legal holds and anonymisation. Before the retention
// date only what need not be kept is erased (marketing data, free-text notes); after it the customer's
// personal data is anonymised; a legal hold stops both. Each step is an audit event.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../../audit/audit.writer';
import { notFound } from '../../domain/errors';
import type { Anonymiser } from '../../module';
import { customerStanding, CustomerStatus } from '../customers/public';
import { CaseTransition } from './case-transition.entity';
import { ChecklistItem } from './checklist-item.entity';
import { LegalHold } from './legal-hold.entity';
import { actorIdOf, inTransaction, lockCase, type OffboardingDeps } from './offboarding.deps';
import { OffboardingErrorCode as E, refuse } from './offboarding.errors';
import { CaseState, OffboardingCase, OffboardingReason, OffboardingScope } from './offboarding-case.entity';
import { WinBackAttempt } from './win-back-attempt.entity';

export enum ErasureOutcome {
  /** Records are still needed: what need not be kept was erased, the rest waits for the retention date. */
  RECORDS_KEPT = 'RECORDS_KEPT',
  /** The retention date has passed: personal data is anonymised. */
  ANONYMISED = 'ANONYMISED',
}

export interface ErasureResult {
  customerKey: string;
  outcome: ErasureOutcome;
  erased: string[];
  retainUntil: Date;
  legalBasis: string;
}

export function activeHold(em: EntityManager, customerKey: string): Promise<LegalHold | null> {
  return em.findOne(LegalHold, { customerId: customerKey, releasedAt: null });
}

/** The closed full exit that sets the customer's retention date: the latest one. */
export function latestExit(em: EntityManager, customerKey: string): Promise<OffboardingCase | null> {
  return em.findOne(
    OffboardingCase,
    { customerId: customerKey, state: CaseState.CLOSED, scope: OffboardingScope.FULL },
    { orderBy: { closedAt: 'desc' }, refresh: true },
  );
}

/**
 * Erases the free text of the customer's cases and win-back attempts. The free text of an exit for an
 * anti-money-laundering concern is part of the record kept until the retention date, unless `all`.
 */
async function eraseNotes(em: EntityManager, actor: AuditActor, customerKey: string, all: boolean): Promise<string[]> {
  const cases = (await em.find(OffboardingCase, { customerId: customerKey })).filter((c) => all || c.reason !== OffboardingReason.AML_CONCERN);
  const caseIds = cases.map((c) => c.id);
  const counts: Record<string, number> = {
    historyNotes: await em.nativeUpdate(CaseTransition, { caseId: { $in: caseIds }, note: { $ne: null } }, { note: null, noteErasedAt: actor.now }),
    checklistNotes: await em.nativeUpdate(ChecklistItem, { caseId: { $in: caseIds }, note: { $ne: null } }, { note: null, updatedAt: actor.now }),
    winBackNotes: await em.nativeUpdate(WinBackAttempt, { customerId: customerKey, note: { $ne: null } }, { note: null, updatedAt: actor.now }),
    reasonDetails: 0,
    cancelReasons: 0,
  };
  for (const c of cases) {
    if (c.reasonDetail != null) {
      c.reasonDetail = null;
      counts.reasonDetails++;
    }
    if (c.cancelReason != null) {
      c.cancelReason = null;
      counts.cancelReasons++;
    }
  }
  const erased = Object.keys(counts).filter((k) => counts[k] > 0);
  if (erased.length) {
    for (const c of cases) {
      c.notesErasedAt = actor.now;
      c.updatedAt = actor.now;
    }
    recordAudit(em, actor, {
      action: 'offboarding.notes_erased',
      entityType: 'Customer',
      entityId: customerKey,
      customerId: customerKey,
      changes: erased.map((field) => ({ field, old: counts[field], new: 0 })),
    });
  }
  return erased;
}

/** This module's part of erasing a customer: the free text of its cases and win-back attempts. */
export const offboardingAnonymiser: Anonymiser = {
  source: 'offboarding',
  anonymise: (em, customerKey, actor) => eraseNotes(em, actor, customerKey, true),
  eraseUnneeded: (em, customerKey, actor) => eraseNotes(em, actor, customerKey, false),
};

/**
 * Anonymises a customer whose retention date has passed: every module erases its own part, in
 * registry order (the caller has checked the date and legal holds). The audit trail stays as it is.
 */
export async function anonymise(em: EntityManager, actor: AuditActor, exit: OffboardingCase, anonymisers: Anonymiser[]): Promise<string[]> {
  const erased: string[] = [];
  for (const a of anonymisers) erased.push(...(await a.anonymise(em, exit.customerId, actor)));
  exit.anonymisedAt = actor.now;
  exit.updatedAt = actor.now;
  recordAudit(em, actor, {
    action: 'offboarding.records_anonymised',
    entityType: 'OffboardingCase',
    entityId: exit.id,
    customerId: exit.customerId,
    changes: [{ field: 'anonymisedAt', old: null, new: actor.now.toISOString() }],
  });
  return erased;
}

/** Before the retention date: every module erases what it need not keep. */
async function eraseUnneeded(em: EntityManager, actor: AuditActor, customerKey: string, anonymisers: Anonymiser[]): Promise<string[]> {
  const erased: string[] = [];
  for (const a of anonymisers) if (a.eraseUnneeded) erased.push(...(await a.eraseUnneeded(em, customerKey, actor)));
  return erased;
}

export async function requestErasure(deps: OffboardingDeps, key: string): Promise<ErasureResult> {
  return inTransaction(deps, async (em) => {
    const standing = await customerStanding(em, key);
    if (!standing) notFound('Customer');
    const hold = await activeHold(em, key);
    if (hold) refuse(E.LEGAL_HOLD, `The customer's records are under a legal hold since ${hold.placedAt.toISOString()}; nothing was erased`);
    const found = await latestExit(em, key);
    if (!found || standing.status !== CustomerStatus.EXITED) {
      refuse(E.NOT_EXITED, 'The customer still banks with us: their records are needed for the relationship; nothing was erased');
    }
    const exit = await lockCase(em, found.id);
    let outcome = ErasureOutcome.RECORDS_KEPT;
    let erased: string[] = [];
    if (exit.anonymisedAt) outcome = ErasureOutcome.ANONYMISED;
    else if (deps.now >= exit.retainUntil!) {
      outcome = ErasureOutcome.ANONYMISED;
      erased = await anonymise(em, deps, exit, deps.anonymisers);
    } else {
      erased = await eraseUnneeded(em, deps, key, deps.anonymisers);
    }
    recordAudit(em, deps, {
      action: 'customer.erasure_requested',
      entityType: 'Customer',
      entityId: key,
      customerId: key,
      changes: [
        { field: 'outcome', old: null, new: outcome },
        { field: 'erased', old: null, new: erased },
        { field: 'retainUntil', old: null, new: exit.retainUntil!.toISOString() },
      ],
    });
    return { customerKey: key, outcome, erased, retainUntil: exit.retainUntil!, legalBasis: exit.legalBasis! };
  });
}

export async function placeLegalHold(deps: OffboardingDeps, key: string, input: { reason: string }): Promise<string> {
  try {
    return await inTransaction(deps, async (em) => {
      if (!(await customerStanding(em, key))) notFound('Customer');
      if (await activeHold(em, key)) refuse(E.LEGAL_HOLD, 'The customer\'s records are already under a legal hold');
      const hold = em.create(LegalHold, {
        createdAt: deps.now, updatedAt: deps.now, customerId: key, reason: input.reason.trim(), placedBy: actorIdOf(deps), placedAt: deps.now,
      });
      recordAudit(em, deps, {
        action: 'legal_hold.placed', entityType: 'LegalHold', entityId: hold.id, customerId: key, changes: [{ field: 'reason' }],
      });
      await em.flush();
      return hold.id;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) refuse(E.LEGAL_HOLD, 'The customer\'s records are already under a legal hold');
    throw err;
  }
}

export async function releaseLegalHold(deps: OffboardingDeps, key: string, input: { note: string }): Promise<string> {
  return inTransaction(deps, async (em) => {
    if (!(await customerStanding(em, key))) notFound('Customer');
    const hold = await activeHold(em, key);
    if (!hold) refuse(E.NO_LEGAL_HOLD, 'The customer\'s records are not under a legal hold');
    hold.releasedAt = deps.now;
    hold.releasedBy = actorIdOf(deps);
    hold.releaseNote = input.note.trim();
    hold.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'legal_hold.released', entityType: 'LegalHold', entityId: hold.id, customerId: key,
      changes: [{ field: 'releasedAt', old: null, new: deps.now.toISOString() }, { field: 'releaseNote' }],
    });
    return hold.id;
  });
}

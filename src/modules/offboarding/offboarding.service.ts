// Writes to offboarding cases. Each operation is one transaction: lock the case row, check who may act,
// the version, the transition table and the guards, then change the case, append its history, write
// one audit event and move the customer's status, all or nothing.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit } from '../../audit/audit.writer';
import { toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';
import { actorOf } from '../../auth/viewer';
import { conflict, forbidden, invalid, notFound, problem, type Problem } from '../../domain/errors';
import { formatMinor } from '../../domain/money';
import { accountsInScope, AccountStatus, closeAccounts, customerStanding, type CustomerStanding, CustomerStatus, markActive, markExited, markOffboarding, staffMemberExists } from '../customers/public';
import { CaseTransition } from './case-transition.entity';
import { buildChecklist } from './checklist.service';
import { ChecklistItem, CoreItemKind } from './checklist-item.entity';
import { OffboardingErrorCode as E, refuse } from './offboarding.errors';
import type {
  AssignOffboardingCaseInput, CancelOffboardingInput, CaseTransitionInput, RecordRetentionAttemptInput, StartOffboardingInput,
} from './offboarding.inputs';
import { maySeeAml } from './offboarding.queries';
import { assertMayWork } from './offboarding.rules';
import { actorIdOf, caseToWork, inTransaction, type OffboardingDeps } from './offboarding.deps';
import {
  CaseState, InitiatedBy, OffboardingCase, OffboardingReason, OffboardingScope, REASONS_BY_INITIATOR,
} from './offboarding-case.entity';
import { RetentionAnswer, RetentionAttempt } from './retention-attempt.entity';
import { customerStatusFor, OPEN_STATES, refusal, TransitionName, TRANSITIONS } from './state-machine';

/** An operation on a case: the case by key, the rest as the caller sent it. */
export type OnCase<T extends { caseId: string }> = Omit<T, 'caseId'> & { caseKey: string };

/** A new exit: the customer, the accounts that close and the assignee by key. */
export type NewOffboarding = Omit<StartOffboardingInput, 'customerId' | 'accountIds' | 'assigneeId'> & {
  customerKey: string;
  accountKeys?: string[];
  assigneeKey?: string | null;
};

/** Free text is audited by field name only: it may hold anything, AML detail included. */
const FREE_TEXT = new Set(['reasonDetail', 'cancelReason', 'note']);

function snapshot(c: OffboardingCase): Record<string, unknown> {
  return {
    initiatedBy: c.initiatedBy,
    reason: c.reason,
    scope: c.scope,
    scopeAccountIds: c.scopeAccountIds,
    state: c.state,
    reasonDetail: c.reasonDetail ?? null,
    assigneeId: c.assigneeId ?? null,
    retentionAnswer: c.retentionAnswer ?? null,
    submittedBy: c.submittedBy ?? null,
    approvedBy: c.approvedBy ?? null,
    notifiedAt: c.notifiedAt ?? null,
    noticeEndsAt: c.noticeEndsAt ?? null,
    settlementStartedAt: c.settlementStartedAt ?? null,
    closedAt: c.closedAt ?? null,
    closedAccountIds: c.closedAccountIds,
    retainUntil: c.retainUntil ?? null,
    legalBasis: c.legalBasis ?? null,
    cancelReason: c.cancelReason ?? null,
  };
}

/** One line of history and one audit event for a step of the workflow. */
function recordStep(
  em: EntityManager,
  deps: OffboardingDeps,
  c: OffboardingCase,
  name: TransitionName,
  from: CaseState | null,
  note: string | undefined,
  before: Record<string, unknown>,
): void {
  const who = actorOf(deps.viewer);
  em.create(CaseTransition, {
    caseId: c.id,
    transition: name,
    fromState: from,
    toState: c.state,
    actorKind: who.kind,
    actorId: who.id,
    occurredAt: deps.now,
    note: note ?? null,
    requestId: deps.requestId,
  });
  // Reasons stay out: an exit for an anti-money-laundering concern must not tip anyone off.
  raiseEvent(em, deps, {
    type: 'offboarding.case_changed',
    customerId: c.customerId,
    payload: {
      caseId: toGlobalId('OffboardingCase', c.id), customerId: toGlobalId('Customer', c.customerId),
      from, to: c.state, initiatedBy: c.initiatedBy, at: deps.now.toISOString(),
    },
  });
  recordAudit(em, deps, {
    action: TRANSITIONS[name].action,
    entityType: 'OffboardingCase',
    entityId: c.id,
    customerId: c.customerId,
    changes: diffFields({ ...before, note: null }, { ...snapshot(c), note: note ?? null }, FREE_TEXT),
  });
}

/** Moves the customer's status to where the case now says it should be (the mapping in state-machine.ts). */
async function followCustomer(em: EntityManager, deps: OffboardingDeps, c: OffboardingCase, current: CustomerStatus): Promise<void> {
  const wanted = customerStatusFor(c.state, c.scope);
  if (wanted === current) return;
  if (wanted === CustomerStatus.OFFBOARDING) await markOffboarding(em, deps, c.customerId);
  else if (wanted === CustomerStatus.EXITED) {
    await markExited(em, deps, c.customerId, { restricted: c.initiatedBy === InitiatedBy.BANK });
    raiseEvent(em, deps, {
      type: 'customer.exited',
      customerId: c.customerId,
      payload: {
        customerId: toGlobalId('Customer', c.customerId), caseId: toGlobalId('OffboardingCase', c.id), initiatedBy: c.initiatedBy,
        retainUntil: c.retainUntil?.toISOString() ?? null, at: deps.now.toISOString(),
      },
    });
  }
  else await markActive(em, deps, c.customerId);
}

async function staffKey(em: EntityManager, key: string | null | undefined, errors: Problem[]): Promise<string | null> {
  if (!key) return null;
  if (await staffMemberExists(em, key)) return key;
  errors.push(problem(['input', 'assigneeId'], E.UNKNOWN_STAFF, 'No staff member has this id'));
  return null;
}

/** The accounts a PARTIAL exit closes: the customer's own, still open, and not all of them. */
async function scopeAccountKeys(em: EntityManager, customerKey: string, input: NewOffboarding, errors: Problem[]): Promise<string[]> {
  const ids = input.accountKeys ?? [];
  const field = ['input', 'accountIds'];
  if (input.scope === OffboardingScope.FULL) {
    if (ids.length) errors.push(problem(field, E.SCOPE_INVALID, 'A FULL exit covers every account; leave accountIds out'));
    return [];
  }
  if (ids.length === 0) {
    errors.push(problem(field, E.SCOPE_INVALID, 'A PARTIAL exit needs the accounts that close'));
    return [];
  }
  const keys = [...new Set(ids)];
  const open = await accountsInScope(em, customerKey, null);
  const openKeys = new Set(open.map((a) => a.id));
  if (keys.some((k) => !openKeys.has(k))) {
    errors.push(problem(field, E.SCOPE_INVALID, 'Every account must be an open account of this customer'));
  } else if (keys.length === openKeys.size) {
    errors.push(problem(field, E.SCOPE_INVALID, 'These are all of the customer\'s open accounts; choose scope FULL'));
  }
  return keys;
}

export async function startOffboarding(deps: OffboardingDeps, input: NewOffboarding): Promise<string> {
  const { customerKey } = input;
  try {
    return await inTransaction(deps, async (em) => {
      const standing = await customerStanding(em, customerKey);
      if (!standing) notFound('Customer');
      assertMayWork(deps.viewer, input.initiatedBy, standing.rmId, 'Customer');
      if (input.reason === OffboardingReason.AML_CONCERN && !maySeeAml(deps.viewer)) {
        forbidden('Only compliance officers and admins open exits for an anti-money-laundering concern');
      }
      const errors: Problem[] = [];
      if (!REASONS_BY_INITIATOR[input.initiatedBy].has(input.reason)) {
        errors.push(problem(['input', 'reason'], E.REASON_DOES_NOT_FIT, `${input.reason} is not a reason for a ${input.initiatedBy.toLowerCase()}-initiated exit`));
      }
      if (standing.status === CustomerStatus.OFFBOARDING) {
        errors.push(problem(['input', 'customerId'], E.OPEN_CASE_EXISTS, 'The customer already has an open offboarding case'));
      } else if (standing.status !== CustomerStatus.ACTIVE) {
        errors.push(problem(['input', 'customerId'], E.CUSTOMER_NOT_ACTIVE, `The customer is ${standing.status}; only an active customer can start an exit`));
      }
      const accountKeys = await scopeAccountKeys(em, customerKey, input, errors);
      const assigneeKey = await staffKey(em, input.assigneeKey, errors);
      if (errors.length) invalid(errors);

      const who = actorOf(deps.viewer);
      const c = em.create(OffboardingCase, {
        createdAt: deps.now,
        updatedAt: deps.now,
        customerId: customerKey,
        initiatedBy: input.initiatedBy,
        reason: input.reason,
        reasonDetail: input.reasonDetail?.trim() || null,
        scope: input.scope,
        scopeAccountIds: accountKeys,
        assigneeId: assigneeKey,
        state: CaseState.REQUESTED,
        stateEnteredAt: deps.now,
        initiatorKind: who.kind,
        initiatorId: who.id,
      });
      recordStep(em, deps, c, TransitionName.start, null, input.note, {});
      await followCustomer(em, deps, c, standing.status);
      await em.flush();
      return c.id;
    });
  } catch (err) {
    // Two starts raced past the status check; the partial unique index let one through.
    if (err instanceof UniqueConstraintViolationException) {
      refuse(E.OPEN_CASE_EXISTS, 'The customer already has an open offboarding case', ['input', 'customerId']);
    }
    throw err;
  }
}

type Guards = (em: EntityManager, c: OffboardingCase, standing: CustomerStanding) => Promise<Problem[]> | Problem[];

/** A step of the workflow: the table first, then the step's own guards, then the effects. */
async function transition(deps: OffboardingDeps, name: TransitionName, input: OnCase<CaseTransitionInput>, apply: Guards): Promise<string> {
  return inTransaction(deps, async (em) => {
    const { c, standing } = await caseToWork(em, deps, input.caseKey, 'OffboardingCase', name);
    if (c.version !== input.version) {
      conflict(`The case was changed by someone else (version ${c.version}, you sent ${input.version}); read it again`);
    }
    const why = refusal(name, c.state, c.initiatedBy);
    if (why) refuse(E.INVALID_TRANSITION, why);
    const before = snapshot(c);
    const from = c.state;
    const errors = await apply(em, c, standing);
    if (errors.length) invalid(errors);
    c.state = TRANSITIONS[name].to;
    if (c.state !== from) c.stateEnteredAt = deps.now;
    c.updatedAt = deps.now;
    recordStep(em, deps, c, name, from, input.note, before);
    await followCustomer(em, deps, c, standing.status);
    return c.id;
  });
}

const guardError = (code: E, message: string): Problem => problem(['input'], code, message);

export function recordRetentionAttempt(deps: OffboardingDeps, input: OnCase<RecordRetentionAttemptInput>): Promise<string> {
  return transition(deps, TransitionName.recordRetentionAttempt, input, (em, c) => {
    em.create(RetentionAttempt, { caseId: c.id, offer: input.offer.trim(), answer: input.answer, recordedAt: deps.now, recordedBy: actorIdOf(deps) });
    c.retentionAnswer = input.answer;
    return [];
  });
}

export function retainCustomer(deps: OffboardingDeps, input: OnCase<CaseTransitionInput>): Promise<string> {
  return transition(deps, TransitionName.retainCustomer, input, (_em, c) =>
    c.retentionAnswer === RetentionAnswer.ACCEPTED
      ? []
      : [guardError(E.RETENTION_NOT_ACCEPTED, 'The customer has not accepted a retention offer; record the attempt they accepted first')],
  );
}

export function submitForApproval(deps: OffboardingDeps, input: OnCase<CaseTransitionInput>): Promise<string> {
  return transition(deps, TransitionName.submitForApproval, input, (_em, c) => {
    c.submittedBy = actorIdOf(deps);
    return [];
  });
}

export function approveExit(deps: OffboardingDeps, input: OnCase<CaseTransitionInput>): Promise<string> {
  return transition(deps, TransitionName.approveExit, input, (_em, c) => {
    const me = actorIdOf(deps);
    // Four eyes: whoever opened or submitted the exit cannot also approve it.
    if (me === c.initiatorId || me === c.submittedBy) {
      return [guardError(E.APPROVER_IS_INITIATOR, 'A bank exit must be approved by a compliance officer other than the one who initiated it')];
    }
    c.approvedBy = me;
    c.approvedAt = deps.now;
    return [];
  });
}

export function notifyCustomer(deps: OffboardingDeps, input: OnCase<CaseTransitionInput>): Promise<string> {
  return transition(deps, TransitionName.notifyCustomer, input, (_em, c) => {
    if (c.notifiedAt) return [guardError(E.ALREADY_NOTIFIED, `The customer was notified at ${c.notifiedAt.toISOString()}`)];
    c.notifiedAt = deps.now;
    c.noticeEndsAt = new Date(deps.now.getTime() + deps.config.offboarding.noticeDays * 86_400_000);
    return [];
  });
}

export function startSettlement(deps: OffboardingDeps, input: OnCase<CaseTransitionInput>): Promise<string> {
  return transition(deps, TransitionName.startSettlement, input, async (em, c) => {
    if (c.state === CaseState.NOTICE && !c.notifiedAt) {
      return [guardError(E.CUSTOMER_NOT_NOTIFIED, 'The customer has not been notified; the notice period has not started')];
    }
    if (c.state === CaseState.RETENTION && c.retentionAnswer !== RetentionAnswer.DECLINED) {
      return [guardError(E.RETENTION_NOT_DECLINED, 'The customer accepted the latest retention offer; retain them, or record the offer they declined')];
    }
    c.settlementStartedAt = deps.now;
    await buildChecklist(em, deps, c);
    return [];
  });
}

/** Closure + the retention period, in calendar years. */
export function retentionDate(closedAt: Date, years: number): Date {
  const d = new Date(closedAt);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export function legalBasisText(years: number): string {
  return `Legal obligation (GDPR Art. 6(1)(c)): banks must keep customer identification and transaction records for ${years} years after the business relationship ends.`;
}

export function closeOffboarding(deps: OffboardingDeps, input: OnCase<CaseTransitionInput>): Promise<string> {
  return transition(deps, TransitionName.closeOffboarding, input, async (em, c) => {
    const errors: Problem[] = [];
    if (c.initiatedBy === InitiatedBy.BANK && (!c.noticeEndsAt || c.noticeEndsAt > deps.now)) {
      errors.push(guardError(E.NOTICE_NOT_ENDED, `The notice period ends at ${c.noticeEndsAt?.toISOString() ?? '(not started)'}; the case cannot close before`));
    }
    const open = await em.find(ChecklistItem, { caseId: c.id, required: true, doneAt: null }, { orderBy: { position: 'asc' } });
    if (open.length) {
      errors.push(guardError(E.CHECKLIST_INCOMPLETE, `Required checklist items are open: ${open.map((i) => i.label).join('; ')}`));
    }
    const accounts = (await accountsInScope(em, c.customerId, c.scope === OffboardingScope.FULL ? null : c.scopeAccountIds))
      .filter((a) => a.status !== AccountStatus.CLOSED);
    for (const a of accounts.filter((x) => x.outstandingMinor > 0n)) {
      errors.push(guardError(E.MONEY_OWED, `Account ${a.externalRef} still shows ${formatMinor(a.outstandingMinor, a.currency)} ${a.currency} owed`));
    }
    // Money that arrived after the checklist was made must not be closed in without a record of where it went.
    const moved = new Set((await em.find(ChecklistItem, { caseId: c.id, kind: CoreItemKind.MOVE_BALANCE })).map((i) => i.accountId));
    for (const a of accounts.filter((x) => !x.debt && x.balanceMinor > 0n && !moved.has(x.id))) {
      errors.push(guardError(E.BALANCE_NOT_ON_CHECKLIST, `Account ${a.externalRef} holds ${formatMinor(a.balanceMinor, a.currency)} ${a.currency} but was not on the checklist when settlement started; cancel and start again to include it`));
    }
    if (errors.length) return errors;
    c.closedAccountIds = await closeAccounts(em, { ...deps, reportingCurrency: deps.config.reportingCurrency }, c.customerId, accounts.map((a) => a.id));
    c.closedAt = deps.now;
    c.retainUntil = retentionDate(deps.now, deps.config.offboarding.retentionYears);
    c.legalBasis = legalBasisText(deps.config.offboarding.retentionYears);
    return [];
  });
}

export function cancelOffboarding(deps: OffboardingDeps, input: OnCase<CancelOffboardingInput>): Promise<string> {
  return transition(deps, TransitionName.cancelOffboarding, { caseKey: input.caseKey, version: input.version }, (_em, c) => {
    c.cancelReason = input.reason.trim();
    return [];
  });
}

/** Gives an open case to another member of staff (not a step of the workflow: audited, no history line). */
export async function assignOffboardingCase(
  deps: OffboardingDeps,
  input: Omit<OnCase<AssignOffboardingCaseInput>, 'assigneeId'> & { assigneeKey: string | null },
): Promise<string> {
  return inTransaction(deps, async (em) => {
    const { c } = await caseToWork(em, deps, input.caseKey);
    if (c.version !== input.version) conflict(`The case was changed by someone else (version ${c.version}); read it again`);
    if (!OPEN_STATES.includes(c.state)) {
      refuse(E.INVALID_TRANSITION, `The case has ended (${c.state}); it cannot be reassigned`);
    }
    const errors: Problem[] = [];
    const assignee = await staffKey(em, input.assigneeKey, errors);
    if (errors.length) invalid(errors);
    if (assignee === (c.assigneeId ?? null)) refuse(E.NOTHING_TO_CHANGE, 'The case is assigned so already');
    const before = snapshot(c);
    c.assigneeId = assignee;
    c.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'offboarding.assigned', entityType: 'OffboardingCase', entityId: c.id, customerId: c.customerId, changes: diffFields(before, snapshot(c)),
    });
    return c.id;
  });
}

// Catalogue offers (the loyalty module's) made within a customer-initiated exit. An offer proposed with
// a case is checked here to be one the proposer may make on that case, now; when the customer answers
// it, their answer is recorded as the case's retention attempt in the same transaction, so the attempt
// and the offer say the same thing. Free-text offers outside the catalogue still go through
// recordRetentionAttempt.

/** The customer of a case on which the viewer may record a retention attempt now; refuses otherwise. */
export async function caseForRetentionOffer(em: EntityManager, deps: AuditActorLike, caseKey: string): Promise<{ customerKey: string }> {
  const { c } = await caseToWork(em, deps, caseKey, 'OffboardingCase', TransitionName.recordRetentionAttempt);
  const why = refusal(TransitionName.recordRetentionAttempt, c.state, c.initiatedBy);
  if (why) refuse(E.INVALID_TRANSITION, why, ['input', 'offboardingCaseId']);
  return { customerKey: c.customerId };
}

/**
 * Records the customer's answer to a catalogue offer as a retention attempt of its case (REQUESTED or
 * RETENTION → RETENTION), in the caller's transaction: the case row is locked, the step goes through
 * the transition table, its history and audit event are written, and the case's answer becomes this one.
 * Who may relay the customer's answer was decided by the caller; the proposal was checked against the case.
 */
export async function recordRetentionOfferAnswer(
  em: EntityManager,
  deps: AuditActorLike,
  input: { caseKey: string; offer: string; answer: RetentionAnswer },
): Promise<string> {
  await em.execute('select id from offboarding_case where id = ? for update', [input.caseKey]);
  const c = await em.findOne(OffboardingCase, { id: input.caseKey }, { refresh: true });
  if (!c) notFound('OffboardingCase');
  const why = refusal(TransitionName.recordRetentionAttempt, c.state, c.initiatedBy);
  if (why) refuse(E.INVALID_TRANSITION, `The exit this offer was made within has moved on: ${why}`, ['input', 'assignmentId']);
  const standing = (await customerStanding(em, c.customerId))!;
  // recordStep and followCustomer use only who acts and when (and the em they are given).
  const full: OffboardingDeps = { ...deps, em, config: undefined as never, contributors: [], anonymisers: [] };
  const before = snapshot(c);
  const from = c.state;
  const attempt = em.create(RetentionAttempt, { caseId: c.id, offer: input.offer, answer: input.answer, recordedAt: deps.now, recordedBy: actorIdOf(deps) });
  c.retentionAnswer = input.answer;
  c.state = TRANSITIONS[TransitionName.recordRetentionAttempt].to;
  if (c.state !== from) c.stateEnteredAt = deps.now;
  c.updatedAt = deps.now;
  recordStep(em, full, c, TransitionName.recordRetentionAttempt, from, undefined, before);
  await followCustomer(em, full, c, standing.status);
  return attempt.id;
}

type AuditActorLike = Parameters<typeof actorIdOf>[0];

// The offboarding state machine: the one table of transitions. Services consult it before any guard;
// nothing else decides which state may follow which.
//
//   customer-initiated: REQUESTED ─recordRetentionAttempt→ RETENTION ─retainCustomer→ RETAINED
//                                  (again: RETENTION → RETENTION)    └─startSettlement→ SETTLEMENT ─closeOffboarding→ CLOSED
//   bank-initiated:     REQUESTED ─submitForApproval→ PENDING_APPROVAL ─approveExit→ NOTICE ─notifyCustomer→ NOTICE
//                                  ─startSettlement→ SETTLEMENT ─closeOffboarding→ CLOSED
//   any open state ─cancelOffboarding→ CANCELLED
//
// The customer's status follows the case (set through the customers module's lifecycle functions):
//   case opened (REQUESTED)                      → customer OFFBOARDING
//   CLOSED, scope FULL                           → customer EXITED (exitedAt = closure; restricted when bank-initiated)
//   CLOSED, scope PARTIAL (some accounts close)  → customer ACTIVE
//   RETAINED or CANCELLED                        → customer ACTIVE
import { CustomerStatus } from '../customers/public';
import { CaseState, InitiatedBy, OffboardingScope } from './offboarding-case.entity';

export const OPEN_STATES: readonly CaseState[] = [
  CaseState.REQUESTED, CaseState.RETENTION, CaseState.PENDING_APPROVAL, CaseState.NOTICE, CaseState.SETTLEMENT,
];

export enum TransitionName {
  start = 'startOffboarding',
  recordRetentionAttempt = 'recordRetentionAttempt',
  retainCustomer = 'retainCustomer',
  submitForApproval = 'submitForApproval',
  approveExit = 'approveExit',
  notifyCustomer = 'notifyCustomer',
  startSettlement = 'startSettlement',
  closeOffboarding = 'closeOffboarding',
  cancelOffboarding = 'cancelOffboarding',
}

export interface TransitionRule {
  /** States the transition may start from (none: it creates the case). */
  from: readonly CaseState[];
  to: CaseState;
  /** Only for this kind of exit, when set. */
  only?: InitiatedBy;
  /** The audit action written with the transition. */
  action: string;
}

export const TRANSITIONS: Record<TransitionName, TransitionRule> = {
  [TransitionName.start]: { from: [], to: CaseState.REQUESTED, action: 'offboarding.started' },
  [TransitionName.recordRetentionAttempt]: {
    from: [CaseState.REQUESTED, CaseState.RETENTION], to: CaseState.RETENTION, only: InitiatedBy.CUSTOMER, action: 'offboarding.retention_attempted',
  },
  [TransitionName.retainCustomer]: { from: [CaseState.RETENTION], to: CaseState.RETAINED, only: InitiatedBy.CUSTOMER, action: 'offboarding.retained' },
  [TransitionName.submitForApproval]: {
    from: [CaseState.REQUESTED], to: CaseState.PENDING_APPROVAL, only: InitiatedBy.BANK, action: 'offboarding.submitted_for_approval',
  },
  [TransitionName.approveExit]: { from: [CaseState.PENDING_APPROVAL], to: CaseState.NOTICE, only: InitiatedBy.BANK, action: 'offboarding.approved' },
  [TransitionName.notifyCustomer]: { from: [CaseState.NOTICE], to: CaseState.NOTICE, only: InitiatedBy.BANK, action: 'offboarding.customer_notified' },
  // RETENTION is reached only by customer exits and NOTICE only by bank exits.
  [TransitionName.startSettlement]: { from: [CaseState.RETENTION, CaseState.NOTICE], to: CaseState.SETTLEMENT, action: 'offboarding.settlement_started' },
  [TransitionName.closeOffboarding]: { from: [CaseState.SETTLEMENT], to: CaseState.CLOSED, action: 'offboarding.closed' },
  [TransitionName.cancelOffboarding]: { from: OPEN_STATES, to: CaseState.CANCELLED, action: 'offboarding.cancelled' },
};

/** Why the table refuses `name` for a case in `state`, or null when it allows it. */
export function refusal(name: TransitionName, state: CaseState, initiatedBy: InitiatedBy): string | null {
  const rule = TRANSITIONS[name];
  if (rule.only && rule.only !== initiatedBy) {
    return `${name} applies only to ${rule.only === InitiatedBy.BANK ? 'bank' : 'customer'}-initiated exits`;
  }
  if (!rule.from.includes(state)) {
    const from = rule.from.length ? rule.from.join(' or ') : 'no state';
    return `${name} is not possible from ${state} (only from ${from})`;
  }
  return null;
}

/** The customer's status once a case is in `state` (the mapping above). */
export function customerStatusFor(state: CaseState, scope: OffboardingScope): CustomerStatus {
  if (OPEN_STATES.includes(state)) return CustomerStatus.OFFBOARDING;
  if (state === CaseState.CLOSED && scope === OffboardingScope.FULL) return CustomerStatus.EXITED;
  return CustomerStatus.ACTIVE;
}

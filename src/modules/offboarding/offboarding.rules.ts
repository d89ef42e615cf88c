// Object-level checks for offboarding writes: each capability's own bound applied to the customer the
// case is about. The shield rules (made from permissions.ts) have already decided by role and scope.
import { type Capability, canFor, reachOf } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { forbidden, notFound } from '../../domain/errors';
import { customerCapabilities } from '../customers/public';
import { InitiatedBy } from './offboarding-case.entity';
import { offboardingCapabilities as o } from './permissions';
import { TransitionName } from './state-machine';

/**
 * The viewer may `cap` for a customer whose relationship manager is `rmId`. Where they may not even see
 * it (`visibleWith`), it answers as unknown; where they see it but may not act, FORBIDDEN says why.
 */
export function assertMayFor(viewer: Viewer | null, cap: Capability, rmId: string | null, what: string, visibleWith: Capability, why: string): void {
  if (canFor(viewer, cap, rmId)) return;
  if (!canFor(viewer, visibleWith, rmId)) notFound(what);
  forbidden(why);
}

/** What a step needs beyond working the case, by who initiated the exit, and what to say when it is missing. */
const STEP_NEEDS: Partial<Record<TransitionName, Partial<Record<InitiatedBy, { cap: Capability; why: string }>>>> = {
  // A bank exit is a compliance decision (and may rest on a reason the caller cannot see).
  [TransitionName.cancelOffboarding]: {
    [InitiatedBy.BANK]: { cap: o.cancelBankExit, why: 'A bank-initiated exit is cancelled by a compliance officer or an admin' },
  },
};

/** Starting or working a case (with `step`, taking that step) on a customer whose relationship manager is `rmId`. */
export function assertMayWork(viewer: Viewer | null, initiatedBy: InitiatedBy, rmId: string | null, what = 'OffboardingCase', step?: TransitionName): void {
  const bank = initiatedBy === InitiatedBy.BANK;
  const cap = bank ? o.workBankExit : o.workCustomerExit;
  const why = reachOf(viewer, cap) === null
    ? 'Support agents work customer-initiated exits only'
    : `You may work ${bank ? 'bank' : 'customer'}-initiated exits only for the customers in your book`;
  const visibleWith = what === 'Customer' ? customerCapabilities.read : o.read;
  assertMayFor(viewer, cap, rmId, what, visibleWith, why);
  const extra = step ? STEP_NEEDS[step]?.[initiatedBy] : undefined;
  if (extra) assertMayFor(viewer, extra.cap, rmId, what, visibleWith, extra.why);
}

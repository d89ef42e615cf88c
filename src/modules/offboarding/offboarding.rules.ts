// Object-level checks for offboarding writes: each capability's own bound applied to the customer the
// case is about. The shield rules (made from permissions.ts) have already decided by role and scope.
import { type Capability, canFor, reachOf } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { forbidden, notFound } from '../../domain/errors';
import { customerCapabilities } from '../customers/public';
import { InitiatedBy } from './offboarding-case.entity';
import { offboardingCapabilities as o } from './permissions';

/**
 * The viewer may `cap` for a customer whose relationship manager is `rmId`. Where they may not even see
 * it (`visibleWith`), it answers as unknown; where they see it but may not act, FORBIDDEN says why.
 */
export function assertMayFor(viewer: Viewer | null, cap: Capability, rmId: string | null, what: string, visibleWith: Capability, why: string): void {
  if (canFor(viewer, cap, rmId)) return;
  if (!canFor(viewer, visibleWith, rmId)) notFound(what);
  forbidden(why);
}

/** Starting or working a case on a customer whose relationship manager is `rmId`. */
export function assertMayWork(viewer: Viewer | null, initiatedBy: InitiatedBy, rmId: string | null, what = 'OffboardingCase'): void {
  const bank = initiatedBy === InitiatedBy.BANK;
  const cap = bank ? o.workBankExit : o.workCustomerExit;
  const why = reachOf(viewer, cap) === null
    ? 'Support agents work customer-initiated exits only'
    : `You may work ${bank ? 'bank' : 'customer'}-initiated exits only for the customers in your book`;
  assertMayFor(viewer, cap, rmId, what, what === 'Customer' ? customerCapabilities.read : o.read, why);
}

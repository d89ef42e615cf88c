// Who may do what with offboarding (DESIGN.md's permission table). The shield rules decide by role and
// scope; the object-level checks below (a relationship manager's book, support agents and bank exits,
// four eyes) run in the services and read queries, where the case is known.
import { and, type IRules } from 'graphql-shield';
import { allowed } from '../../auth/rules';
import type { Role } from '../../auth/roles';
import { bookOf, hasRole, hasScope, type Viewer } from '../../auth/viewer';
import { forbidden, notFound } from '../../graphql/errors';
import { readCustomers } from '../customers/public';
import { InitiatedBy } from './offboarding-case.entity';

const READ_ROLES: Role[] = ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'];

export const readOffboarding = allowed({ roles: READ_ROLES, scopes: ['offboarding:read'] });
/** Start a case and work it (the case-level bounds are in mayWork). */
export const workOffboarding = allowed({ roles: ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'] });
/** Approving bank exits, erasure requests and legal holds. */
export const complianceOnly = allowed({ roles: ['COMPLIANCE_OFFICER'] });
const readStaff = allowed({ roles: READ_ROLES });
const readHolds = allowed({ roles: ['ADMIN', 'COMPLIANCE_OFFICER'] });
/** Approaching customers who left is retention work; bringing one back reopens the relationship. */
const winBackAttempts = allowed({ roles: ['ADMIN', 'RELATIONSHIP_MANAGER', 'SUPPORT_AGENT', 'RETENTION_ANALYST'] });
const winBack = allowed({ roles: ['ADMIN', 'RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'] });
const readWinBack = allowed({ roles: ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'SUPPORT_AGENT', 'RETENTION_ANALYST'] });

export function mayReadOffboarding(viewer: Viewer | null): boolean {
  return hasRole(viewer, ...READ_ROLES) || hasScope(viewer, 'offboarding:read');
}

/**
 * Object-level check for starting or working a case on a customer whose relationship manager is
 * `rmId`. Outside a relationship manager's book the case does not exist for them; a support agent
 * works customer-initiated exits only.
 */
export function assertMayWork(viewer: Viewer | null, initiatedBy: InitiatedBy, rmId: string | null, what = 'OffboardingCase'): void {
  if (hasRole(viewer, 'ADMIN', 'COMPLIANCE_OFFICER')) return;
  const staff = viewer?.kind === 'staff' ? viewer : null;
  if (staff && hasRole(staff, 'RELATIONSHIP_MANAGER') && staff.staffUserId !== null && staff.staffUserId === rmId) return;
  if (hasRole(viewer, 'SUPPORT_AGENT') && initiatedBy === InitiatedBy.CUSTOMER) return;
  assertWithinBook(viewer, rmId, what);
  throw forbidden('Support agents work customer-initiated exits only');
}

/** A relationship manager sees only their book: outside it, the object answers as unknown. */
export function assertWithinBook(viewer: Viewer | null, rmId: string | null, what: string): void {
  const book = bookOf(viewer);
  if (book !== null && book !== rmId) throw notFound(what);
}

export const offboardingRules: IRules = {
  Query: {
    offboardingCases: readOffboarding,
    offboardingCase: readOffboarding,
    // The statement names the customer: it needs the right to read customers too.
    finalStatement: and(readOffboarding, readCustomers),
  },
  Mutation: {
    startOffboarding: workOffboarding,
    recordRetentionAttempt: workOffboarding,
    retainCustomer: workOffboarding,
    submitForApproval: workOffboarding,
    approveExit: complianceOnly,
    notifyCustomer: workOffboarding,
    startSettlement: workOffboarding,
    completeChecklistItem: workOffboarding,
    closeOffboarding: workOffboarding,
    cancelOffboarding: workOffboarding,
    assignOffboardingCase: workOffboarding,
    requestErasure: complianceOnly,
    placeLegalHold: complianceOnly,
    releaseLegalHold: complianceOnly,
    recordWinBackAttempt: winBackAttempts,
    recordWinBack: winBack,
  },
  OffboardingCase: {
    customer: readCustomers,
    assignee: readStaff,
    scopeAccounts: readCustomers,
    history: readOffboarding,
    checklist: readOffboarding,
    retentionAttempts: readOffboarding,
  },
  ChecklistItem: {
    account: readCustomers,
    blockedReason: readOffboarding,
  },
  Customer: {
    offboardingCases: readOffboarding,
    legalHold: readHolds,
    winBackAttempts: readWinBack,
  },
};

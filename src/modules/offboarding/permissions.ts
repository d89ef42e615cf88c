// Who may do what with exits and win-backs, as data (DESIGN.md's permission table). The shield rules
// decide by capability; the services and read queries apply each capability's own bound to the case's
// customer (a relationship manager's book), so a viewer with several roles is bounded per capability.
import { contributedFieldRows, defineCapabilities, type PermissionTable } from '../../auth/permissions';
import type { ContributedField } from '../../module';
import { customerCapabilities } from '../customers/public';

export const offboardingCapabilities = defineCapabilities('offboarding', {
  read: {
    description: 'offboarding: read',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
    scopes: ['offboarding:read'],
  },
  workCustomerExit: {
    description: 'offboarding: start, work the checklist of a customer-initiated exit',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
  },
  workBankExit: {
    description: 'offboarding: start, work the checklist of a bank-initiated exit',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK' },
  },
  cancelBankExit: { description: 'offboarding: cancel a bank-initiated exit', roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL' } },
  approveBankExit: { description: 'offboarding: approve a bank-initiated exit (not the initiator)', roles: { COMPLIANCE_OFFICER: 'ALL' } },
  readAmlReasons: { description: 'offboarding: see anti-money-laundering reasons', roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL' } },
  readStaff: {
    description: 'offboarding: see who a case is assigned to',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'ALL', SUPPORT_AGENT: 'ALL' },
  },
  erasureAndHolds: { description: 'erasure requests, legal holds', roles: { COMPLIANCE_OFFICER: 'ALL' } },
  readHolds: { description: 'read legal holds', roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL' } },
  recordWinBackAttempt: {
    description: 'win-back: record attempts',
    roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL', SUPPORT_AGENT: 'ALL' },
  },
  winBack: {
    description: 'win-back: reactivate an exited customer',
    roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
  },
  readWinBack: {
    description: 'win-back: read attempts',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL', SUPPORT_AGENT: 'ALL' },
  },
});

const o = offboardingCapabilities;
const work = { any: [o.workCustomerExit, o.workBankExit] };

/** Fields this module adds to the customers module's `Customer` (resolved in customer-offboarding.resolver.ts). */
export const offboardingCustomerFields: ContributedField[] = [
  { type: 'Customer', field: 'offboardingCases', capability: o.read },
  { type: 'Customer', field: 'legalHold', capability: o.readHolds },
  { type: 'Customer', field: 'winBackAttempts', capability: o.readWinBack },
];

export const offboardingPermissions: PermissionTable = {
  capabilities: offboardingCapabilities,
  fields: {
    Query: {
      offboardingCases: o.read,
      offboardingCase: o.read,
      // The statement names the customer: it needs the right to read customers too.
      finalStatement: { all: [o.read, customerCapabilities.read] },
    },
    Subscription: { offboardingCaseChanged: o.read },
    Mutation: {
      startOffboarding: work,
      recordRetentionAttempt: work,
      retainCustomer: work,
      submitForApproval: work,
      approveExit: o.approveBankExit,
      notifyCustomer: work,
      startSettlement: work,
      completeChecklistItem: work,
      closeOffboarding: work,
      cancelOffboarding: work,
      assignOffboardingCase: work,
      requestErasure: o.erasureAndHolds,
      placeLegalHold: o.erasureAndHolds,
      releaseLegalHold: o.erasureAndHolds,
      recordWinBackAttempt: o.recordWinBackAttempt,
      recordWinBack: o.winBack,
    },
    OffboardingCase: {
      customer: customerCapabilities.read,
      assignee: o.readStaff,
      scopeAccounts: customerCapabilities.read,
      history: o.read,
      checklist: o.read,
      retentionAttempts: o.read,
    },
    ChecklistItem: {
      account: customerCapabilities.read,
      blockedReason: o.read,
    },
    ...contributedFieldRows(offboardingCustomerFields),
  },
};

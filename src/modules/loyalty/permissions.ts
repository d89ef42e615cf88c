// Who may do what with loyalty accounts and points, as data (DESIGN.md's permission table). The shield
// rules decide by capability; the services and read queries apply each capability's own bound to the
// account's customer (a relationship manager's book).
import { contributedFieldRows, defineCapabilities, type PermissionTable } from '../../auth/permissions';
import type { ContributedField } from '../../module';

export const loyaltyCapabilities = defineCapabilities('loyalty', {
  read: {
    description: 'loyalty: read accounts, points and tiers',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL', SUPPORT_AGENT: 'ALL' },
    scopes: ['loyalty:read'],
  },
  write: {
    description: 'loyalty: enrol, earn, redeem; propose offers and record answers',
    roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
    scopes: ['loyalty:write'],
  },
  adjust: {
    description: 'loyalty: adjust and reverse points, approve adjustments, suspend and reactivate accounts',
    roles: { ADMIN: 'ALL' },
  },
  manageCatalogue: {
    description: 'offer catalogue, campaigns: manage',
    roles: { ADMIN: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  readLiability: {
    description: 'loyalty: points liability (outstanding points and their value)',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  settleAtExit: {
    description: 'loyalty: settle points at a customer\'s exit (as part of working the exit checklist)',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
  },
});

const l = loyaltyCapabilities;

/** Fields this module adds to the customers module's `Customer` (resolved in customer-loyalty.resolver.ts). */
export const loyaltyCustomerFields: ContributedField[] = [{ type: 'Customer', field: 'loyaltyAccount', capability: l.read }];

/** Rule-bearing fields; the resolvers add rows here as they are written. */
export const loyaltyFields: PermissionTable['fields'] = {
  ...contributedFieldRows(loyaltyCustomerFields),
};

export const loyaltyPermissions: PermissionTable = {
  capabilities: loyaltyCapabilities,
  fields: loyaltyFields,
};

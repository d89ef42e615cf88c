// Who may do what with loyalty accounts and points, as data (DESIGN.md's permission table). The shield
// rules decide by capability; the services and read queries apply each capability's own bound to the
// account's customer (a relationship manager's book).
import { contributedFieldRows, defineCapabilities, type PermissionTable } from '../../auth/permissions';
import type { ContributedField } from '../../module';
import { customerCapabilities } from '../customers/public';

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
// The retention offers proposed to the customer (offer.resolver.ts).
loyaltyCustomerFields.push({ type: 'Customer', field: 'offers', capability: l.read });

/** Rule-bearing fields; the resolvers add rows here as they are written. */
export const loyaltyFields: PermissionTable['fields'] = {
  Query: {
    loyaltyAccount: l.read,
    loyaltyStatement: l.read,
    loyaltyLiability: l.readLiability,
    loyaltyProgramme: l.manageCatalogue,
    retentionOffers: l.read,
  },
  Mutation: {
    enrollCustomer: l.write,
    enrollCustomers: l.write,
    earnPoints: l.write,
    redeemPoints: l.write,
    suspendLoyaltyAccount: l.adjust,
    reactivateLoyaltyAccount: l.adjust,
    adjustPoints: l.adjust,
    approvePointsAdjustment: l.adjust,
    reversePointsEntry: l.adjust,
    settleLoyaltyAtExit: l.settleAtExit,
    createRetentionOffer: l.manageCatalogue,
    updateRetentionOffer: l.manageCatalogue,
    retireRetentionOffer: l.manageCatalogue,
    // Object-level: the customer's book (l.write's bound), checked by the service.
    proposeOffer: l.write,
    respondToOffer: l.write,
    withdrawOffer: l.write,
  },
  LoyaltyAccount: {
    // The member's name: it needs the right to read customers too.
    customer: { all: [l.read, customerCapabilities.read] },
    entries: l.read,
    tierHistory: l.read,
  },
  PointsEntry: {
    account: l.read,
  },
  // Whether offers work: the analysts who shape the catalogue read it.
  RetentionOffer: {
    consumption: l.manageCatalogue,
  },
  OfferAssignment: {
    offer: l.read,
    customer: { all: [l.read, customerCapabilities.read] },
  },
  ...contributedFieldRows(loyaltyCustomerFields),
};

export const loyaltyPermissions: PermissionTable = {
  capabilities: loyaltyCapabilities,
  fields: loyaltyFields,
};

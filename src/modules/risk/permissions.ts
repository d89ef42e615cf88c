// Who may read churn risk, train and activate models, and record scores from a bank's own platform
// (DESIGN.md's permission table). A support agent reads none of it: not the score, nor a list sorted
// or filtered by it.
import { contributedFieldRows, defineCapabilities, type PermissionTable } from '../../auth/permissions';
import type { ContributedField } from '../../module';

export const riskCapabilities = defineCapabilities('risk', {
  read: {
    description: 'risk scores: read',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL' },
    scopes: ['risk:read'],
  },
  readModels: {
    description: 'risk models: read coefficients and metrics',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  train: { description: 'risk models: train; import exit history', roles: { RETENTION_ANALYST: 'ALL' } },
  activate: { description: 'risk models: activate (not the trainer)', roles: { ADMIN: 'ALL' } },
  acknowledgeAlerts: {
    description: 'risk alerts: acknowledge',
    roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK' },
  },
  writeExternal: { description: 'risk: record scores from the bank\'s own platform', roles: {}, scopes: ['risk:write'] },
});

const r = riskCapabilities;

/** Fields this module adds to the customers module's `Customer` (resolved in customer-risk.resolver.ts). */
export const riskCustomerFields: ContributedField[] = [
  { type: 'Customer', field: 'riskScore', capability: r.read },
  { type: 'Customer', field: 'riskHistory', capability: r.read },
  { type: 'Customer', field: 'recommendedActions', capability: r.read },
];

export const riskPermissions: PermissionTable = {
  capabilities: riskCapabilities,
  fields: {
    Subscription: { riskAlerts: r.read },
    Query: {
      activeRiskModel: r.readModels,
      riskModel: r.readModels,
      riskAlerts: r.read,
    },
    Mutation: {
      importExitHistory: r.train,
      trainRiskModel: r.train,
      activateRiskModel: r.activate,
      recordExternalRiskScores: r.writeExternal,
      acknowledgeRiskAlert: r.acknowledgeAlerts,
    },
    ...contributedFieldRows(riskCustomerFields),
  },
};

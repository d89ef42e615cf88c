// Who may do what with customers, as data (DESIGN.md's permission table). The shield rules, the book
// filters in the read queries, masking and the services all read these capabilities.
import { defineCapabilities, type PermissionTable } from '../../auth/permissions';

export const customerCapabilities = defineCapabilities('customers', {
  read: {
    description: 'read customers, their accounts and activity (PII masked)',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL', SUPPORT_AGENT: 'ALL' },
    scopes: ['customers:read'],
  },
  readPii: {
    description: 'read PII in full, search by email/phone',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK' },
    scopes: ['customers:read_pii'],
  },
  create: { description: 'create customer (manual)', roles: { ADMIN: 'ALL' } },
  update: { description: 'change customer profile, consent', roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK' } },
  assignManager: { description: 'assign relationship manager', roles: { ADMIN: 'ALL' } },
  ingest: { description: 'ingest customers (upserts), accounts, activity, FX rates', roles: { ADMIN: 'ALL' }, scopes: ['ingest:write'] },
  readStaff: {
    description: 'read staff members by id',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'ALL', RETENTION_ANALYST: 'ALL', SUPPORT_AGENT: 'ALL' },
  },
});

const c = customerCapabilities;

export const customerPermissions: PermissionTable = {
  capabilities: customerCapabilities,
  fields: {
    Query: { customers: c.read, customer: c.read, fxRates: c.read },
    Mutation: {
      createCustomer: c.create,
      updateCustomer: c.update,
      assignRelationshipManager: c.assignManager,
      upsertCustomers: c.ingest,
      upsertAccounts: c.ingest,
      recordActivitySnapshots: c.ingest,
      upsertFxRates: c.ingest,
    },
    Customer: {
      email: c.read,
      phone: c.read,
      dateOfBirth: c.read,
      nationalId: c.read,
      address: c.read,
      accounts: c.read,
      relationshipManager: c.read,
      activity: c.read,
    },
  },
  pii: ['Customer.email', 'Customer.phone', 'Customer.dateOfBirth', 'Customer.nationalId', 'Customer.address'],
};

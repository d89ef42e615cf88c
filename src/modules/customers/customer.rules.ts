// Who may do what with customers (DESIGN.md's permission table). Object-level bounds (the
// relationship manager's book) are enforced in the read queries and services.
import type { IRules } from 'graphql-shield';
import { allowed } from '../../auth/rules';

export const readCustomers = allowed({
  roles: ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'],
  scopes: ['customers:read'],
});

export const customerRules: IRules = {
  Query: {
    customers: readCustomers,
    customer: readCustomers,
  },
  Mutation: {
    createCustomer: allowed({ roles: ['ADMIN'] }),
    updateCustomer: allowed({ roles: ['ADMIN', 'RELATIONSHIP_MANAGER'] }),
    assignRelationshipManager: allowed({ roles: ['ADMIN'] }),
  },
  Customer: {
    email: readCustomers,
    phone: readCustomers,
    dateOfBirth: readCustomers,
    nationalId: readCustomers,
    address: readCustomers,
    accounts: readCustomers,
    relationshipManager: readCustomers,
  },
};

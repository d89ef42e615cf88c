import type { KeelModule } from '../../module';
import { Account } from './account.entity';
import { Customer } from './customer.entity';
import { accountsByKeys, customersByKeys, staffByKeys } from './customer.queries';
import { CustomerResolver } from './customer.resolver';
import { customerRules, readCustomers } from './customer.rules';
import { hasRole, hasScope, type Viewer } from '../../auth/viewer';
import { StaffUser } from './staff-user.entity';
import { ingestEntities, ingestNodes, ingestResolvers, ingestRules, ingestScopes } from './ingest.parts';
import { customerMigrations } from './migrations';
import { customersConfig } from './customer.config';
import { customersSeed } from './customer.seed';
import { knexRunner, recomputeDerivedFields } from './derived-fields.sql';
import { mergeRuleTrees } from '../../auth/rules';

const mayReadCustomers = (v: Viewer | null) =>
  hasRole(v, 'ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT') ||
  hasScope(v, 'customers:read');

export const customersModule: KeelModule = {
  name: 'customers',
  entities: [StaffUser, Customer, Account, ...ingestEntities],
  resolvers: [CustomerResolver, ...ingestResolvers],
  rules: mergeRuleTrees(customerRules, ingestRules),
  piiFields: ['Customer.email', 'Customer.phone', 'Customer.dateOfBirth', 'Customer.nationalId', 'Customer.address'],
  nodes: [
    { typeName: 'Customer', allowed: mayReadCustomers, load: customersByKeys },
    { typeName: 'Account', allowed: mayReadCustomers, load: accountsByKeys },
    ...ingestNodes,
    { typeName: 'StaffMember', allowed: (v) => hasRole(v, 'ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'), load: staffByKeys },
  ],
  scopes: ['customers:read', 'customers:read_pii', ...ingestScopes],
  migrations: customerMigrations,
  config: customersConfig,
  seed: customersSeed,
  jobs: [
    {
      // Months since the last activity move with the calendar, between feeds too.
      name: 'customers.refresh-derived',
      everySeconds: 86400,
      run: ({ em, now, config }) =>
        recomputeDerivedFields(knexRunner(em.getKnex()), { customerIds: null, now, reportingCurrency: config.reportingCurrency }),
    },
  ],
};

export { readCustomers };

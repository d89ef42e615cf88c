import type { KeelModule } from '../../module';
import { Account } from './account.entity';
import { Customer } from './customer.entity';
import { accountsByKeys, customersByKeys, staffByKeys } from './customer.queries';
import { CustomerResolver } from './customer.resolver';
import { rulesOf } from '../../auth/permissions';
import { customerCapabilities, customerPermissions } from './permissions';
import { StaffUser } from './staff-user.entity';
import { ingestEntities, ingestNodes, ingestResolvers, ingestScopes } from './ingest.parts';
import { customerMigrations } from './migrations';
import { customersConfig } from './customer.config';
import { customersSeed } from './customer.seed';
import { knexRunner, recomputeDerivedFields } from './derived-fields.sql';
import { customerAnonymiser } from './customer.anonymiser';
import { customerAttributes } from './customer.attributes';
import { customerEvents } from './customer.events';
import { customerSegmentAttributes } from './customer.segment-attributes';
import { customersExamples } from './customers.examples';

export const customersModule: KeelModule = {
  name: 'customers',
  examples: customersExamples,
  entities: [StaffUser, Customer, Account, ...ingestEntities],
  resolvers: [CustomerResolver, ...ingestResolvers],
  rules: rulesOf(customerPermissions),
  permissions: customerPermissions,
  piiFields: customerPermissions.pii,
  nodes: [
    { typeName: 'Customer', capability: customerCapabilities.read, load: customersByKeys },
    { typeName: 'Account', capability: customerCapabilities.read, load: accountsByKeys },
    ...ingestNodes,
    { typeName: 'StaffMember', capability: customerCapabilities.readStaff, load: staffByKeys },
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
  contributes: {
    customerAttributes: [...customerAttributes, ...customerSegmentAttributes],
    anonymisers: [customerAnonymiser],
    events: customerEvents,
  },
};


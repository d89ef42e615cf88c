import { can, rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { ApiClient } from './api-client.entity';
import { apiClientsByKeys } from './api-client.queries';
import { ApiClientResolver } from './api-client.resolver';
import { partnerTokenVerifier } from './api-client.verifier';
import { accessCapabilities, accessPermissions } from './permissions';
import { accessMigrations } from './migrations';
import { accessConfig } from './access.config';
import { accessExamples } from './access.examples';

// Partner access: API clients and their scoped tokens.
export const accessModule: KeelModule = {
  name: 'access',
  examples: accessExamples,
  entities: [ApiClient],
  resolvers: [ApiClientResolver],
  rules: rulesOf(accessPermissions),
  permissions: accessPermissions,
  nodes: [{ typeName: 'ApiClient', capability: accessCapabilities.manageApiClients, load: apiClientsByKeys }],
  credentials: [partnerTokenVerifier],
  migrations: accessMigrations,
  config: accessConfig,
};

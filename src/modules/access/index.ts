import { hasRole } from '../../auth/viewer';
import type { KeelModule } from '../../module';
import { ApiClient } from './api-client.entity';
import { apiClientsByKeys } from './api-client.queries';
import { ApiClientResolver } from './api-client.resolver';
import { apiClientRules } from './api-client.rules';
import { partnerTokenVerifier } from './api-client.verifier';
import { accessMigrations } from './migrations';
import { accessConfig } from './access.config';

// Partner access: API clients and their scoped tokens.
export const accessModule: KeelModule = {
  name: 'access',
  entities: [ApiClient],
  resolvers: [ApiClientResolver],
  rules: apiClientRules,
  nodes: [{ typeName: 'ApiClient', allowed: (v) => hasRole(v, 'ADMIN'), load: apiClientsByKeys }],
  credentials: [partnerTokenVerifier],
  migrations: accessMigrations,
  config: accessConfig,
};

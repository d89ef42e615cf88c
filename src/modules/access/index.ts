import type { KeelModule } from '../../module';

// Partner access: API clients and their scoped tokens.
export const accessModule: KeelModule = {
  name: 'access',
  entities: [],
  resolvers: [],
  rules: {},
};

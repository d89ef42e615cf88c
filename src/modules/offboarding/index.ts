import type { KeelModule } from '../../module';

// Offboarding workflows: lawful, auditable exits, and winning customers back.
export const offboardingModule: KeelModule = {
  name: 'offboarding',
  entities: [],
  resolvers: [],
  rules: {},
};

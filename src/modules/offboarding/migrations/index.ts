// The offboarding module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261128000400_offboarding } from './Migration20261128000400_offboarding';

export const offboardingMigrations: ModuleMigration[] = [
  { name: 'Migration20261128000400_offboarding', class: Migration20261128000400_offboarding },
];

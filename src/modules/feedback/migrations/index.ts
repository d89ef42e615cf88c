// The feedback module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201100100_feedback } from './Migration20261201100100_feedback';
import { Migration20261201100500_incidents } from './Migration20261201100500_incidents';

export const feedbackMigrations: ModuleMigration[] = [
  { name: 'Migration20261201100100_feedback', class: Migration20261201100100_feedback },
  { name: 'Migration20261201100500_incidents', class: Migration20261201100500_incidents },
];

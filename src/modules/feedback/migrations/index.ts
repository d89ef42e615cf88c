// The feedback module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201100100_feedback } from './Migration20261201100100_feedback';

export const feedbackMigrations: ModuleMigration[] = [
  { name: 'Migration20261201100100_feedback', class: Migration20261201100100_feedback },
];

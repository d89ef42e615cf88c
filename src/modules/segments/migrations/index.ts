// The segments module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201400100_segments } from './Migration20261201400100_segments';

export const segmentMigrations: ModuleMigration[] = [{ name: 'Migration20261201400100_segments', class: Migration20261201400100_segments }];

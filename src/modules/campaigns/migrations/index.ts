// The campaigns module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201500100_campaigns } from './Migration20261201500100_campaigns';

export const campaignMigrations: ModuleMigration[] = [{ name: 'Migration20261201500100_campaigns', class: Migration20261201500100_campaigns }];

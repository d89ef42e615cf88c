// The loyalty module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201200100_loyalty } from './Migration20261201200100_loyalty';
import { Migration20261201200500_offers } from './Migration20261201200500_offers';

export const loyaltyMigrations: ModuleMigration[] = [{ name: 'Migration20261201200100_loyalty', class: Migration20261201200100_loyalty }];
loyaltyMigrations.push({ name: 'Migration20261201200500_offers', class: Migration20261201200500_offers });

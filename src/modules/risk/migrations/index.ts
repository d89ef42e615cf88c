// The risk module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201300100_risk } from './Migration20261201300100_risk';

export const riskMigrations: ModuleMigration[] = [{ name: 'Migration20261201300100_risk', class: Migration20261201300100_risk }];

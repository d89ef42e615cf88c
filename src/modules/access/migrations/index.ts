// The access module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261128000200_access } from './Migration20261128000200_access';
import { Migration20261128000700_client_budgets } from './Migration20261128000700_client_budgets';

export const accessMigrations: ModuleMigration[] = [
  { name: 'Migration20261128000200_access', class: Migration20261128000200_access },
  { name: 'Migration20261128000700_client_budgets', class: Migration20261128000700_client_budgets },
];

// The customers module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261128000100_foundation } from './Migration20261128000100_foundation';
import { Migration20261128000300_customer_data } from './Migration20261128000300_customer_data';
import { Migration20261128000500_customer_anonymised } from './Migration20261128000500_customer_anonymised';
import { Migration20261128000800_customer_search } from './Migration20261128000800_customer_search';
import { Migration20261128000900_book_orderings } from './Migration20261128000900_book_orderings';
import { Migration20261201000200_customer_privileges } from './Migration20261201000200_customer_privileges';

export const customerMigrations: ModuleMigration[] = [
  { name: 'Migration20261128000100_foundation', class: Migration20261128000100_foundation },
  { name: 'Migration20261128000300_customer_data', class: Migration20261128000300_customer_data },
  { name: 'Migration20261128000500_customer_anonymised', class: Migration20261128000500_customer_anonymised },
  { name: 'Migration20261128000800_customer_search', class: Migration20261128000800_customer_search },
  { name: 'Migration20261128000900_book_orderings', class: Migration20261128000900_book_orderings },
  { name: 'Migration20261201000200_customer_privileges', class: Migration20261201000200_customer_privileges },
];

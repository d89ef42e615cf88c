// Every migration, in order (sorted by name). Listed explicitly so that the compiled server, the
// CLI and the tests all run the same set without scanning folders.
import { Migration20261128000100_foundation } from './Migration20261128000100_foundation';
import { Migration20261128000200_access } from './Migration20261128000200_access';
import { Migration20261128000300_customer_data } from './Migration20261128000300_customer_data';
import { Migration20261128000400_offboarding } from './Migration20261128000400_offboarding';
import { Migration20261128000500_customer_anonymised } from './Migration20261128000500_customer_anonymised';
import { Migration20261128000600_job_runs } from './Migration20261128000600_job_runs';
import { Migration20261128000700_client_budgets } from './Migration20261128000700_client_budgets';
import { Migration20261128000800_customer_search } from './Migration20261128000800_customer_search';
import { Migration20261128000900_book_orderings } from './Migration20261128000900_book_orderings';

export const migrationsList = [
  { name: 'Migration20261128000100_foundation', class: Migration20261128000100_foundation },
  { name: 'Migration20261128000200_access', class: Migration20261128000200_access },
  { name: 'Migration20261128000300_customer_data', class: Migration20261128000300_customer_data },
  { name: 'Migration20261128000400_offboarding', class: Migration20261128000400_offboarding },
  { name: 'Migration20261128000500_customer_anonymised', class: Migration20261128000500_customer_anonymised },
  { name: 'Migration20261128000600_job_runs', class: Migration20261128000600_job_runs },
  { name: 'Migration20261128000700_client_budgets', class: Migration20261128000700_client_budgets },
  { name: 'Migration20261128000800_customer_search', class: Migration20261128000800_customer_search },
  { name: 'Migration20261128000900_book_orderings', class: Migration20261128000900_book_orderings },
];

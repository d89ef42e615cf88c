// Every migration, in order. Listed explicitly so that the compiled server, the CLI and the tests
// all run the same set without scanning folders.
import { Migration20261128000100_foundation } from './Migration20261128000100_foundation';

export const migrationsList = [
  { name: 'Migration20261128000100_foundation', class: Migration20261128000100_foundation },
];

// Every migration, in order: the platform's own (listed here), then each module's, in registry
// order. Listed explicitly so that the compiled server, the CLI and the tests all run the same set
// without scanning folders. Names are recorded in the database and never change.
import type { KeelModule, ModuleMigration } from '../src/module';
import { defaultModules } from '../src/modules';
import { Migration20261128000600_job_runs } from './Migration20261128000600_job_runs';
import { Migration20261201000100_audit_trail } from './Migration20261201000100_audit_trail';
import { Migration20261201000300_job_queue } from './Migration20261201000300_job_queue';
import { Migration20261201000400_outbox } from './Migration20261201000400_outbox';

export const platformMigrations: ModuleMigration[] = [
  { name: 'Migration20261128000600_job_runs', class: Migration20261128000600_job_runs },
  { name: 'Migration20261201000100_audit_trail', class: Migration20261201000100_audit_trail },
  { name: 'Migration20261201000300_job_queue', class: Migration20261201000300_job_queue },
  { name: 'Migration20261201000400_outbox', class: Migration20261201000400_outbox },
];

export function migrationsOf(modules: KeelModule[]): ModuleMigration[] {
  const all = [...platformMigrations, ...modules.flatMap((m) => m.migrations ?? [])];
  const seen = new Set<string>();
  for (const m of all) {
    if (seen.has(m.name)) throw new Error(`two migrations are named ${m.name}`);
    seen.add(m.name);
  }
  return all;
}

/** The default deployment's migrations (what the ORM options and the CLI use). */
export const migrationsList = migrationsOf(defaultModules);

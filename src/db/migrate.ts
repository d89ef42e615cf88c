// Runs pending migrations as the owner role, under an advisory lock so that replicas that start
// together migrate once.
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { migrationsOf } from '../../migrations';
import { ensureJobQueues } from '../jobs/queues';
import type { KeelModule } from '../module';
import { defaultModules } from '../modules';
import { ormOptions } from './orm-options';

const MIGRATION_LOCK = 7406002;

/** Applies the platform's migrations, then each module's in registry order, then creates the job queues. */
export async function migrate(ownerUrl: string, log: (m: string) => void = () => {}, modules: KeelModule[] = defaultModules): Promise<string[]> {
  const lock = new pg.Client({ connectionString: ownerUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const options = ormOptions({ url: ownerUrl, entities: [], poolMax: 2 });
    const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, migrationsList: migrationsOf(modules) } });
    try {
      const applied = await orm.getMigrator().up();
      for (const m of applied) log(`migrated ${m.name}`);
      for (const q of await ensureJobQueues(lock, modules)) log(`created job queue ${q}`);
      return applied.map((m) => m.name);
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

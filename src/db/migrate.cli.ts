// npm run migration:up: apply pending migrations as the owner role.
import 'reflect-metadata';
import { loadConfig } from '../config';
import { resolveDatabase } from './database';
import { migrate } from './migrate';

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const db = await resolveDatabase(config, log);
  try {
    const applied = await migrate(db.ownerUrl, log);
    log(applied.length ? `applied ${applied.length} migration(s)` : 'nothing to migrate');
  } finally {
    await db.embedded?.stop();
  }
}

run().catch((err) => {
  process.stderr.write(`migration failed: ${(err as Error).message}\n`);
  process.exit(1);
});

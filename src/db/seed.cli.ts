// npm run seed: migrate and seed the demo bank into the configured (or embedded) database.
import 'reflect-metadata';
import { loadConfig } from '../config';
import { resolveDatabase } from './database';
import { migrate } from './migrate';
import { demoTodayFor, seedIfEmpty } from './seed';

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const db = await resolveDatabase(config, log);
  try {
    await migrate(db.ownerUrl, log);
    const seeded = await seedIfEmpty(db.ownerUrl, { log, pii: config.pii, today: demoTodayFor(new Date()) });
    log(seeded ? 'demo bank seeded' : 'the database has customers already; nothing seeded');
  } finally {
    await db.embedded?.stop();
  }
}

run().catch((err) => {
  process.stderr.write(`seed failed: ${(err as Error).message}\n`);
  process.exit(1);
});

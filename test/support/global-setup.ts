// Once per test run: a PostgreSQL (TEST_DATABASE_URL, or an embedded one), and a template database
// migrated once; every test file copies it.
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { migrate } from '../../src/db/migrate';
import { provisionDatabase } from '../../src/db/roles';

export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  let superuserUrl = process.env.TEST_DATABASE_URL;
  if (!superuserUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `keel-test-${runId}`, 'pg'), fast: true });
    (globalThis as Record<string, unknown>).__keelEmbedded = embedded;
    superuserUrl = embedded.superuserUrl();
  }
  const template = `keel_tpl_${runId}`;
  const db = await provisionDatabase(superuserUrl, template);
  await migrate(db.ownerUrl);
  process.env.KEEL_TEST_SUPERUSER_URL = superuserUrl;
  process.env.KEEL_TEST_TEMPLATE = template;
  process.env.KEEL_TEST_RUN_ID = runId;
  // MikroORM keeps metadata on a global that would leak into the test sandboxes.
  delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
}

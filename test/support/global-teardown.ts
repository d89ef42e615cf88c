import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { EmbeddedDatabase } from '../../src/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__keelEmbedded as EmbeddedDatabase | undefined;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(path.dirname(embedded.dataDir), { recursive: true, force: true });
    return;
  }
  // On a shared server, drop what this run created.
  const client = new pg.Client({ connectionString: process.env.KEEL_TEST_SUPERUSER_URL });
  await client.connect();
  try {
    const runId = process.env.KEEL_TEST_RUN_ID!;
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname like $2`,
      [`keel_tpl_${runId}`, `keel_t_${runId}_%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

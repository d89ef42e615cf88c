// Where the database comes from: DATABASE_URL, or an embedded PostgreSQL under the data directory.
import path from 'node:path';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { provisionDatabase } from './roles';

export interface DatabaseUrls {
  ownerUrl: string;
  runtimeUrl: string;
  embedded: EmbeddedDatabase | null;
}

export async function resolveDatabase(config: Config, log: (m: string) => void): Promise<DatabaseUrls> {
  if (config.databaseUrl) {
    return { ownerUrl: config.databaseOwnerUrl ?? config.databaseUrl, runtimeUrl: config.databaseUrl, embedded: null };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg') });
  log(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`);
  try {
    const db = await provisionDatabase(embedded.superuserUrl(), 'keel');
    return { ownerUrl: db.ownerUrl, runtimeUrl: db.runtimeUrl, embedded };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

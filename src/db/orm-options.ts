// MikroORM settings for the server, the tests, the migration runner and the CLI.
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { type EventSubscriber, ReflectMetadataProvider } from '@mikro-orm/core';
import { migrationsList } from '../../migrations';

export interface OrmOptions {
  url: string;
  entities: Function[];
  poolMax?: number;
  debug?: boolean;
  /** Read replicas: MikroORM picks one for em.getKnex('read'). */
  replicas?: string[];
  /** PostgreSQL cancels (and rolls back) a statement that runs longer. */
  statementTimeoutMs?: number;
  /** How long to wait for a free connection, and to leave a transaction idle, before giving up. */
  deadlineMs?: number;
  /** Entity and transaction event subscribers (the modules' reactions to domain events). */
  subscribers?: EventSubscriber[];
}

export function ormOptions({ url, entities, poolMax = 10, replicas = [], statementTimeoutMs = 15000, deadlineMs = 30000, subscribers = [] }: OrmOptions): Options {
  return defineConfig({
    clientUrl: url,
    replicas: replicas.map((clientUrl, i) => ({ name: `replica-${i + 1}`, clientUrl })),
    driver: PostgreSqlDriver,
    entities,
    subscribers,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 10000 },
    driverOptions: {
      connection: { statement_timeout: statementTimeoutMs, idle_in_transaction_session_timeout: deadlineMs, application_name: 'keel' },
      // A request queued behind a busy pool gives up at its deadline instead of waiting a minute.
      acquireConnectionTimeout: deadlineMs,
    },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: 'dist/migrations',
      pathTs: 'migrations',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      // Disabling foreign keys needs a superuser; the owner role is not one.
      disableForeignKeys: false,
      emit: 'ts',
      silent: true,
      snapshot: false, // migrations are written by hand; no schema snapshots in the repo
    },
    debug: false,
  });
}


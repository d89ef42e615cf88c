// MikroORM settings for the server, the tests, the migration runner and the CLI.
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import { migrationsList } from '../../migrations';

export interface OrmOptions {
  url: string;
  entities: Function[];
  poolMax?: number;
  debug?: boolean;
  /** Read replicas: MikroORM picks one for em.getKnex('read'). */
  replicas?: string[];
}

export function ormOptions({ url, entities, poolMax = 10, replicas = [] }: OrmOptions): Options {
  return defineConfig({
    clientUrl: url,
    replicas: replicas.map((clientUrl, i) => ({ name: `replica-${i + 1}`, clientUrl })),
    driver: PostgreSqlDriver,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 10000 },
    driverOptions: { connection: { statement_timeout: 15000, application_name: 'keel' } },
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


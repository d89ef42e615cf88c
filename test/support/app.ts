// A real Keel app in-process on its own database copied from the migrated template.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import supertest from 'supertest';
import { createApp, type KeelApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { type Config, loadConfig } from '../../src/config';
import { initRequestOrm } from '../../src/db/orm';
import { seedDemoBank, type SeedOptions } from '../../src/db/seed';
import { dropDatabase, provisionDatabase, type ProvisionedDatabase } from '../../src/db/roles';
import { createLogger } from '../../src/logger';
import type { KeelModule } from '../../src/module';
import { defaultModules } from '../../src/modules';
import { TEST_JWT_SECRET, testEnv } from './env';

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: ManualClock;
  modules?: KeelModule[];
  /** Use an existing database (a second instance of the same deployment). */
  database?: ProvisionedDatabase;
  /** With `database`: drop it on close (it was made for this app alone). */
  ownsDatabase?: boolean;
}

export interface GqlOptions {
  token?: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface TestApp {
  keel: KeelApp;
  http: ReturnType<typeof supertest>;
  orm: MikroORM;
  clock: ManualClock;
  config: Config;
  db: ProvisionedDatabase;
  /** Every log line written by the app, as JSON text. */
  logs: string[];
  /** Resolves once `count` log lines match (lines are written as responses finish, maybe after the client has them). */
  waitForLogs(match: (line: string) => boolean, count?: number, timeoutMs?: number): Promise<string[]>;
  /** Owner connection for arranging data and reading it back. */
  sql: pg.Pool;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  gql(query: string, options?: GqlOptions): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

const openClients = new WeakMap<pg.Pool, Set<Promise<void>>>();

/**
 * A pg.Pool for arranging data. An idle connection that the server ends (a restart, a dropped database)
 * is an 'error' event on the pool; without a listener that would crash the test run.
 */
export function ownerPool(url: string, max = 3): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  const open = new Set<Promise<void>>();
  openClients.set(pool, open);
  pool.on('connect', (client) => {
    const closed = new Promise<void>((resolve) => client.once('end', () => resolve()));
    open.add(closed);
    void closed.then(() => open.delete(closed));
  });
  return pool;
}

/** pool.end() resolves before its connections have closed; this waits until they have. */
export async function endPool(pool: pg.Pool, timeoutMs = 10_000): Promise<void> {
  await pool.end();
  const open = [...(openClients.get(pool) ?? [])];
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(open), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'info', ...env }, { warn: () => undefined });
}

export async function createTestDatabase(): Promise<ProvisionedDatabase> {
  const { superuserUrl, template, runId } = testEnv();
  return provisionDatabase(superuserUrl, `keel_t_${runId}_${randomBytes(4).toString('hex')}`, { template });
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownDatabase = !options.database || options.ownsDatabase === true;
  const db = options.database ?? (await createTestDatabase());
  const config = testConfig(options.env);
  const clock = options.clock ?? new ManualClock();
  const logs: string[] = [];
  const logWaiters = new Set<() => void>();
  const logger = createLogger('info', {
    write: (line: string) => {
      logs.push(line);
      for (const wake of logWaiters) wake();
    },
  });
  const orm = await initRequestOrm(db.runtimeUrl, options.modules ?? defaultModules, config, 5);
  const keel = await createApp(config, { orm, clock, logger, modules: options.modules });
  const http = supertest(keel.app);
  const sql = ownerPool(db.ownerUrl, 3);

  return {
    keel,
    http,
    orm,
    clock,
    config,
    db,
    logs,
    sql,
    waitForLogs(match, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.filter(match);
          if (found.length < count) return;
          done();
          resolve(found);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`expected ${count} matching log lines within ${timeoutMs} ms, got ${logs.filter(match).length}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          logWaiters.delete(check);
        };
        logWaiters.add(check);
        check();
      });
    },
    async gql(query, { token, variables, headers = {} } = {}) {
      let req = http.post('/graphql').set('content-type', 'application/json');
      if (token) req = req.set('authorization', `Bearer ${token}`);
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      const res = await req.send({ query, variables });
      return { status: res.status, body: res.body };
    },
    async close() {
      // KEEL_TEST_LOGS=1 shows what the app logged at error level, to debug a failing test.
      if (process.env.KEEL_TEST_LOGS) for (const l of logs) if (l.includes('"level":"error"')) process.stderr.write(l);
      // In order, each waiting for its connections to be closed, so that dropping the database finds
      // none to terminate (a terminated idle connection is an error event on its pool).
      await keel.stop();
      await orm.close(true);
      await endPool(sql);
      if (ownDatabase) await dropDatabase(testEnv().superuserUrl, db.database);
    },
  };
}

/** A fresh test database holding the demo bank at `options.size`, seeded in one transaction as the owner. */
export async function createSeededTestDatabase(options: SeedOptions): Promise<ProvisionedDatabase> {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    await client.query('begin');
    await seedDemoBank(client, options);
    await client.query('commit');
  } finally {
    await client.end();
  }
  return db;
}

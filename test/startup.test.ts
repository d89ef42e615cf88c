// The start-up path as a new user meets it: embedded PostgreSQL, migrations, seed, restart after a
// kill -9, graceful shutdown, and configuration errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signStaffToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { freePort } from '../src/db/embedded';
import { toGlobalId } from '../src/graphql/relay';
import { alive, postmasterPid, startKeel, waitForOutput, waitForReady } from './support/child';
import { waitUntil } from './support/wait';

jest.setTimeout(180_000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-startup-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const pgData = path.join(dataDir, 'pg');

it('starts with nothing configured, restarts cleanly after kill -9, and stops on SIGTERM', async () => {
  const port = await freePort();
  const env = { KEEL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };

  const first = startKeel(env);
  await waitForReady(port, first);
  const seeded = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ viewer { kind } }' }),
  });
  expect(((await seeded.json()) as { data: unknown }).data).toEqual({ viewer: null });
  expect(first.output()).toContain('seeded the demo bank');

  // kill -9 leaves the database server running with its pid file.
  const orphan = postmasterPid(pgData);
  expect(orphan).not.toBeNull();
  first.child.kill('SIGKILL');
  await first.exited;
  expect(alive(orphan!)).toBe(true);

  const second = startKeel(env);
  await waitForReady(port, second);
  expect(second.output()).not.toContain('seeded the demo bank'); // the data survived
  expect(alive(orphan!)).toBe(false);
  const restarted = postmasterPid(pgData);
  expect(restarted).not.toBe(orphan);

  // SIGTERM: a request in flight finishes, new connections are refused, then the process exits.
  const pgPort = Number(/embedded PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(second.output())![1]);
  const db = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/keel` });
  await db.connect();
  const { rows } = await db.query(`select id from customer order by external_ref limit 1`);
  const config = loadConfig({}, { warn: () => undefined });
  const token = signStaffToken(config.jwt, { sub: 'admin-01', roles: ['ADMIN'] });
  await db.query('begin');
  await db.query('select 1 from customer where id = $1 for update', [rows[0].id]);
  const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region } userErrors { message } } }',
      variables: { input: { id: toGlobalId('Customer', rows[0].id), version: 1, region: 'Drained' } },
    }),
  });
  await waitUntil(async () => {
    // Inside this transaction pg_stat_activity would keep the snapshot it first took: clear it each time.
    await db.query('select pg_stat_clear_snapshot()');
    return (await db.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`)).rows[0].n > 0;
  }, 'the update waits on the row lock');
  second.child.kill('SIGTERM');
  // The server stops listening in the same step that logs this line.
  await waitForOutput(second, /shutting down/);
  // A new connection is refused (a kept-alive one would be answered 503 and closed).
  const late = await fetch(`http://127.0.0.1:${port}/health/live`).then(
    (res) => `${res.status} ${res.headers.get('connection')}`,
    () => 'refused',
  );
  expect(['refused', '503 close']).toContain(late);
  await db.query('commit');
  await db.end();
  const drained = await inFlight;
  expect(drained.status).toBe(200);
  expect(((await drained.json()) as { data: unknown }).data).toEqual({ updateCustomer: { customer: { region: 'Drained' }, userErrors: [] } });
  expect(await second.exited).toBe(0);
  expect(second.output()).toContain('stopped');
  expect(postmasterPid(pgData)).toBeNull();
  expect(alive(restarted!)).toBe(false);
});

it('refuses a bad configuration value with one line naming the variable', async () => {
  const proc = startKeel({ KEEL_DATA_DIR: dataDir, PORT: 'eighty' });
  expect(await proc.exited).toBe(78);
  const lines = proc.output().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/PORT must be a whole number/);
});

it('refuses a bad value of a module\'s own variable the same way', async () => {
  const proc = startKeel({ KEEL_DATA_DIR: dataDir, RECORD_RETENTION_YEARS: 'forever' });
  expect(await proc.exited).toBe(78);
  const lines = proc.output().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/RECORD_RETENTION_YEARS must be a whole number/);
});

it('requires secrets in production', async () => {
  const proc = startKeel({ KEEL_DATA_DIR: dataDir, NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
  expect(await proc.exited).toBe(78);
  expect(proc.output()).toMatch(/JWT_SECRET is required when NODE_ENV=production/);
});

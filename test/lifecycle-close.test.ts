// Connections that the server ends (a restart, a forced drop of the database) are neither a crash nor an
// unhandled error, and closing a test app waits for its connections before its database is dropped.
import pg from 'pg';
import { createTestApp, endPool, ownerPool, type TestApp } from './support/app';
import { testEnv } from './support/env';
import { createStaff } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'admin-01');
});
afterAll(async () => {
  await t?.close();
});

async function superuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(testEnv().superuserUrl);
  url.pathname = `/${t.db.database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Ends every other session of the test database, as a restart or DROP DATABASE ... WITH (FORCE) does. */
async function terminateAll(): Promise<number> {
  return superuser(async (c) => {
    const { rows } = await c.query(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    return rows.length;
  });
}

it('idle connections terminated by the server do not crash the app or the helpers, and both recover', async () => {
  const token = staffToken(t.config, 'ADMIN');
  const query = '{ customers(first: 1) { totalCount } }';
  // Idle connections in both pools: the app's (through requests) and the owner pool (three at once).
  await Promise.all([1, 2, 3].map(() => t.gql(query, { token })));
  await Promise.all([1, 2, 3].map(() => t.sql.query('select pg_sleep(0.05)')));
  const removed = new Promise((resolve) => t.sql.once('remove', resolve));

  expect(await terminateAll()).toBeGreaterThan(0);
  // The owner pool dropped a terminated client (after an 'error' event that must not be thrown).
  await removed;

  // A request may meet a terminated connection before the pool has heard of it: that answer is a 503 to
  // retry, never an internal error; the pool replaces the connection and the retry succeeds.
  let res = await t.gql(query, { token });
  for (let i = 0; i < 5 && res.status === 503; i++) {
    expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    res = await t.gql(query, { token });
  }
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  expect((await t.sql.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  expect(t.logs.join('')).not.toMatch(/"level":"(error|fatal)"/);
});

it('endPool resolves only once every connection of the pool has closed', async () => {
  const pool = ownerPool(t.db.ownerUrl, 3);
  const ended: boolean[] = [];
  pool.on('connect', (client) => {
    const i = ended.push(false) - 1;
    client.once('end', () => (ended[i] = true));
  });
  await Promise.all([1, 2, 3].map(() => pool.query('select pg_sleep(0.05)')));
  expect(ended).toEqual([false, false, false]);
  await endPool(pool);
  // pool.end() alone resolves while the connections are still closing; DROP ... WITH (FORCE) would
  // then terminate them, and the terminated connection's error would surface in whatever test ran.
  expect(ended).toEqual([true, true, true]);
});

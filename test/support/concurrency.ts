// Forcing requests to overlap: hold a row lock, wait until the requests queue behind it, release.
import pg from 'pg';
import type { TestApp } from './app';
import { testEnv } from './env';
import { waitUntil } from './wait';

/** Waits until n sessions of the app's database wait on a lock (seen through the superuser). */
export async function waitForLockWaiters(t: TestApp, n: number, timeoutMs = 10_000): Promise<void> {
  const url = new URL(testEnv().superuserUrl);
  url.pathname = `/${t.db.database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await waitUntil(
      async () =>
        (await client.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].n >= n,
      `${n} requests wait on the lock`,
      timeoutMs,
    );
  } finally {
    await client.end();
  }
}

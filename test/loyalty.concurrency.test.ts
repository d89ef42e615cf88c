// Races on one account, forced to overlap: the test holds the account row's lock until every request
// waits behind it, then lets go. Redemptions never overspend, replays post once, and two expiry runs
// expire once.
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from './support/app';
import { waitForLockWaiters } from './support/concurrency';
import { Loyalty, type LoyaltyOut } from './support/loyalty';
import { runExpiryJob } from '../src/modules/loyalty/loyalty.jobs';

let t: TestApp;
let l: Loyalty;

beforeAll(async () => {
  // Fifty requests at once from one caller: budgets are another test's subject.
  t = await createTestApp({ env: { RATE_LIMIT_STAFF_POINTS: '1000000', LOYALTY_EXPIRY_MONTHS: '12' } });
  l = await new Loyalty(t).setup();
});
afterAll(async () => {
  await t?.close();
});

/** Runs `requests` while a transaction of the owner connection holds the account row, released once all wait. */
// The test app's pool has 5 connections: 5 requests wait on the row lock, the rest for a connection.
const POOL = 5;

async function overlapped<T>(accountKey: string, requests: (() => Promise<T>)[], waiters = Math.min(requests.length, POOL)): Promise<T[]> {
  const holder = await t.sql.connect();
  try {
    await holder.query('begin');
    await holder.query('select 1 from loyalty_account where id = $1 for update', [accountKey]);
    const pending = requests.map((r) => r());
    await waitForLockWaiters(t, waiters, 20_000);
    await holder.query('commit');
    return await Promise.all(pending);
  } catch (err) {
    await holder.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    holder.release();
  }
}

it('50 concurrent redemptions on a balance that covers 10: exactly 10 succeed, the rest are INSUFFICIENT_POINTS, never below zero', async () => {
  const m = await l.member(100);
  const results = await overlapped<LoyaltyOut>(
    m.accountKey,
    Array.from({ length: 50 }, (_, i) => () => l.mutate('redeemPoints', { accountId: m.accountId, amount: 10, idempotencyKey: `race-${i}` })),
  );
  const won = results.filter((r) => r.entry);
  const lost = results.filter((r) => !r.entry);
  expect(won).toHaveLength(10);
  expect(lost).toHaveLength(40);
  expect(lost.every((r) => !r.errors && r.userErrors.length === 1 && r.userErrors[0].code === 'INSUFFICIENT_POINTS')).toBe(true);
  expect(await l.balance(m.accountKey)).toBe(0);
  expect(await l.lowestRunningBalance(m.accountKey)).toBe(0);
  expect(await l.ledgerSum()).toBe(0);
  const redeemed = await t.sql.query(`select count(*)::int as n from points_posting where account_id = $1 and kind = 'REDEEM'`, [m.accountKey]);
  expect(redeemed.rows[0].n).toBe(10);
});

it('20 concurrent replays of one earnPoints key post once and all answer with that entry; another amount with the key is a CONFLICT', async () => {
  const m = await l.member();
  const input = { accountId: m.accountId, amount: 25, idempotencyKey: `replay-${randomUUID()}` };
  const results = await overlapped<LoyaltyOut>(m.accountKey, Array.from({ length: 20 }, () => () => l.mutate('earnPoints', input)));
  expect(results.every((r) => !r.errors && r.userErrors.length === 0 && r.entry)).toBe(true);
  const ids = new Set(results.map((r) => r.entry.id));
  expect(ids.size).toBe(1);
  expect(results.filter((r) => r.replayed === false)).toHaveLength(1);
  expect(await l.balance(m.accountKey)).toBe(25);
  const conflict = await l.mutate('earnPoints', { ...input, amount: 26 });
  expect(conflict.errors?.[0].extensions.code).toBe('CONFLICT');
  const postings = await t.sql.query('select count(*)::int as n from points_posting where account_id = $1', [m.accountKey]);
  expect(postings.rows[0].n).toBe(1);
});

it('first requests with one key on two accounts race to the unique index: one posts, the other is a CONFLICT', async () => {
  const a = await l.member();
  const b = await l.member();
  const key = `two-accounts-${randomUUID()}`;
  const [ra, rb] = await Promise.all([
    l.mutate('earnPoints', { accountId: a.accountId, amount: 5, idempotencyKey: key }),
    l.mutate('earnPoints', { accountId: b.accountId, amount: 5, idempotencyKey: key }),
  ]);
  const posted = [ra, rb].filter((r) => r.entry);
  expect(posted).toHaveLength(1);
  expect([ra, rb].filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(1);
  expect((await l.balance(a.accountKey)) + (await l.balance(b.accountKey))).toBe(5);
});

it('expiry is first-in first-out and exactly once across two concurrent runs; statements still reconcile', async () => {
  const m = await l.member();
  const start = t.clock.now();
  const month = 30 * 86_400_000;
  await l.ok('earnPoints', { accountId: m.accountId, amount: 100, idempotencyKey: randomUUID() }); // lot 1, month 0
  t.clock.advance(month);
  await l.ok('earnPoints', { accountId: m.accountId, amount: 50, idempotencyKey: randomUUID() }); // lot 2, month 1
  t.clock.advance(month);
  await l.ok('redeemPoints', { accountId: m.accountId, amount: 70, idempotencyKey: randomUUID() }); // takes 70 of lot 1
  t.clock.advance(10.5 * month); // lot 1 is now over 12 months old, lot 2 not yet
  const now = t.clock.now();

  const holder = await t.sql.connect();
  let runs: { expiredPostings: number; expiredPoints: number }[];
  try {
    await holder.query('begin');
    await holder.query('select 1 from loyalty_account where id = $1 for update', [m.accountKey]);
    const pending = [0, 1].map(() => runExpiryJob({ em: t.orm.em.fork(), now, config: t.config }));
    // One run waits on the account row, the other on the first run's advisory lock.
    await waitForLockWaiters(t, 2, 20_000);
    await holder.query('commit');
    runs = await Promise.all(pending);
  } finally {
    holder.release();
  }
  const expiries = await t.sql.query(`select amount::int from points_posting where account_id = $1 and kind = 'EXPIRE'`, [m.accountKey]);
  // FIFO: the redemption consumed 70 of the oldest lot, so 30 of it expire; the newer lot stays.
  expect(expiries.rows).toEqual([{ amount: 30 }]);
  // One run expired everything due (on every account); the other found nothing left.
  expect(runs.map((r) => r.expiredPostings).filter((n) => n === 0)).toHaveLength(1);
  expect(await l.balance(m.accountKey)).toBe(50);
  expect(await l.lowestRunningBalance(m.accountKey)).toBeGreaterThanOrEqual(0);

  // A third run later, once the second lot is old too, expires it; a fourth finds nothing.
  const later = new Date(now.getTime() + 2 * month);
  expect((await runExpiryJob({ em: t.orm.em.fork(), now: later, config: t.config })).expiredPoints).toBeGreaterThanOrEqual(50);
  expect((await runExpiryJob({ em: t.orm.em.fork(), now: later, config: t.config })).expiredPostings).toBe(0);
  expect(await l.balance(m.accountKey)).toBe(0);
  expect(await l.ledgerSum()).toBe(0);
  const audit = await t.sql.query(`select count(*)::int as n from audit_event where customer_id = $1 and action = 'loyalty.points_posted' and request_id like 'job:%'`, [m.customerKey]);
  expect(audit.rows[0].n).toBe(2);

  const q = `query($input: LoyaltyStatementInput!) { loyaltyStatement(input: $input) { openingBalance closingBalance entries { kind delta } } }`;
  const points = [start, new Date(start.getTime() + month), now, new Date(now.getTime() + 1), new Date(later.getTime() + 1)];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const res = await t.gql(q, { token: l.admin, variables: { input: { accountId: m.accountId, from: points[i].toISOString(), to: points[j].toISOString() } } });
      const s = res.body.data.loyaltyStatement;
      expect(s.openingBalance + s.entries.reduce((sum: number, e: { delta: number }) => sum + e.delta, 0)).toBe(s.closingBalance);
    }
  }
});

it('an expiry run and redemptions on the same account take turns: the balance never goes below zero', async () => {
  const m = await l.member(40);
  t.clock.advance(400 * 86_400_000);
  const now = t.clock.now();
  const results = await overlapped<LoyaltyOut | { expiredPoints: number }>(m.accountKey, [
    () => runExpiryJob({ em: t.orm.em.fork(), now, config: t.config }),
    ...Array.from({ length: 4 }, (_, i) => () => l.mutate('redeemPoints', { accountId: m.accountId, amount: 10, idempotencyKey: `ex-${i}-${randomUUID()}` })),
  ]);
  const redeemed = results.slice(1).filter((r) => (r as LoyaltyOut).entry).length * 10;
  const expired = Number((await t.sql.query(`select coalesce(sum(amount), 0) as s from points_posting where account_id = $1 and kind = 'EXPIRE'`, [m.accountKey])).rows[0].s);
  expect(redeemed + expired).toBe(40);
  expect(await l.balance(m.accountKey)).toBe(0);
  expect(await l.lowestRunningBalance(m.accountKey)).toBe(0);
});

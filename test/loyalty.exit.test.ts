// Loyalty at a customer's exit: a customer leaving with points gets a settlement item on the exit
// checklist that blocks closing until the points are paid out or forfeited (by policy), posted to the
// ledger; after the retention date, anonymisation keeps the ledger's amounts and erases its free text.
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../src/graphql/relay';
import { defaultModules } from '../src/modules';
import { runRetentionJob } from '../src/modules/offboarding/retention.job';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { keyOf, Loyalty } from './support/loyalty';
import { Offboarding } from './support/offboarding';

let t: TestApp;
let o: Offboarding;
let l: Loyalty;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
  l = new Loyalty(t);
  l.rm = o.rm;
  l.otherRm = await createStaff(t.sql, 'rm-02');
});
afterAll(async () => {
  await t?.close();
});

/** A customer of rm-01 with a current account, enrolled, holding `points`. */
async function leaver(points: number) {
  const c = await o.customer();
  const account = (await l.ok('enrollCustomer', { customerId: c.gid })).loyaltyAccount;
  if (points) await l.ok('earnPoints', { accountId: account.id, amount: points, reason: 'Earned by Olive Leaver', idempotencyKey: randomUUID() });
  return { customer: c, accountId: account.id as string, accountKey: keyOf(account.id) };
}

async function toSettlement(customerGid: string, scope: Record<string, unknown> = {}) {
  let c = await o.start(customerGid, 'CUSTOMER', scope);
  c = await o.step('recordRetentionAttempt', c, { offer: 'Double points', answer: 'DECLINED' });
  return o.step('startSettlement', c);
}

interface Item {
  id: string;
  source: string;
  kind: string;
  label: string;
  blockedReason: string | null;
}
const loyaltyItem = (c: { checklist: Item[] }): Item | undefined => c.checklist.find((i) => i.source === 'loyalty');

it('the loyalty item blocks closing the exit until the points are settled (paid out), then the exit closes', async () => {
  const m = await leaver(120);
  let c = await toSettlement(m.customer.gid);
  const item = loyaltyItem(c)!;
  expect(item).toMatchObject({ kind: 'POINTS_SETTLEMENT', required: true, done: false });
  expect(item.label).toContain('120 loyalty points');
  for (const other of c.checklist.filter((i: { source: string }) => i.source !== 'loyalty')) {
    c = await o.ok('completeChecklistItem', { itemId: other.id, destination: 'DE89 3704 0044 0532 0130 00' });
  }
  expect(loyaltyItem(c)!.blockedReason).toContain('120 points');

  const tick = await o.mutate('completeChecklistItem', { itemId: item.id });
  expect(tick.userErrors.map((e) => e.code)).toEqual(['ITEM_BLOCKED']);
  const early = await o.mutate('closeOffboarding', { caseId: c.id, version: c.version });
  expect(early.userErrors.map((e) => e.code)).toEqual(['CHECKLIST_INCOMPLETE']);

  const settled = await l.ok('settleLoyaltyAtExit', { accountId: m.accountId, idempotencyKey: 'exit-1' }, o.token('SUPPORT_AGENT'));
  expect(settled.entry).toMatchObject({ kind: 'SETTLE', delta: -120, account: { pointsBalance: 0 } });
  const replay = await l.ok('settleLoyaltyAtExit', { accountId: m.accountId, idempotencyKey: 'exit-1' }, o.token('SUPPORT_AGENT'));
  expect(replay.entry.id).toBe(settled.entry.id);
  const lines = await t.sql.query(`select ledger_account, amount::int from points_line where posting_id = $1 order by ledger_account`, [keyOf(settled.entry.id)]);
  expect(lines.rows).toEqual([{ ledger_account: 'CUSTOMER', amount: -120 }, { ledger_account: 'REDEEMED', amount: 120 }]);
  const account = await t.sql.query('select status, closed_at from loyalty_account where id = $1', [m.accountKey]);
  expect(account.rows[0].status).toBe('CLOSED');

  c = await o.ok('completeChecklistItem', { itemId: item.id });
  c = await o.step('closeOffboarding', c);
  expect(c.state).toBe('CLOSED');
});

it('a partial exit, or a customer without points, gets no loyalty item', async () => {
  const partial = await leaver(50);
  await t.sql.query(`insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, balance_minor, outstanding_minor, status, opened_at)
    values ($1, now(), now(), $2, $3, 'SAVINGS', 'EUR', 0, 0, 'OPEN', '2021-03-01')`, [randomUUID(), partial.customer.id, `A-${randomUUID().slice(0, 8)}`]);
  const p = await toSettlement(partial.customer.gid, { scope: 'PARTIAL', accountIds: [toGlobalId('Account', partial.customer.accounts.current.id)] });
  expect(loyaltyItem(p)).toBeUndefined();
  const none = await leaver(0);
  expect(loyaltyItem(await toSettlement(none.customer.gid))).toBeUndefined();
});

it('an RM settles only in their own book', async () => {
  const theirs = await leaver(10);
  await t.sql.query('update customer set rm_id = $1 where id = $2', [l.otherRm.id, theirs.customer.id]);
  const out = await l.mutate('settleLoyaltyAtExit', { accountId: theirs.accountId, idempotencyKey: randomUUID() }, o.token('RELATIONSHIP_MANAGER', 'rm-01'));
  expect(out.errors?.[0].extensions.code).toBe('NOT_FOUND');
  const analyst = await l.mutate('settleLoyaltyAtExit', { accountId: theirs.accountId, idempotencyKey: randomUUID() }, o.token('RETENTION_ANALYST'));
  expect(analyst.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect(await l.balance(theirs.accountKey)).toBe(10);
});

it('after the retention date, anonymisation keeps the ledger amounts and erases its free text', async () => {
  const m = await leaver(80);
  await l.ok('suspendLoyaltyAccount', { accountId: m.accountId, reason: 'Olive Leaver asked us to pause' });
  let c = await toSettlement(m.customer.gid);
  await l.ok('settleLoyaltyAtExit', { accountId: m.accountId, idempotencyKey: randomUUID() });
  c = await o.tickAll(c);
  c = await o.step('closeOffboarding', c);
  const before = await t.sql.query('select id, kind, amount::int, delta::int from points_posting where account_id = $1 order by seq', [m.accountKey]);

  t.clock.advanceDays(6 * 366);
  const result = await runRetentionJob({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules });
  expect(result.anonymised).toContain(m.customer.id);

  const after = await t.sql.query('select id, kind, amount::int, delta::int, reason, reason_erased_at from points_posting where account_id = $1 order by seq', [m.accountKey]);
  expect(after.rows.map(({ id, kind, amount, delta }) => ({ id, kind, amount, delta }))).toEqual(before.rows);
  expect(after.rows.every((r) => r.reason === null && r.reason_erased_at !== null)).toBe(true);
  const account = await t.sql.query('select status_reason from loyalty_account where id = $1', [m.accountKey]);
  expect(account.rows[0].status_reason).toBeNull();
  const audit = await t.sql.query(`select changes from audit_event where customer_id = $1 and action = 'loyalty.personal_data_erased'`, [m.customer.id]);
  expect(audit.rows).toHaveLength(1);
  expect(JSON.stringify(audit.rows[0].changes)).not.toContain('Olive');
  expect(await l.ledgerSum()).toBe(0);
});

it('with LOYALTY_EXIT_POLICY=FORFEIT the points are forfeited, and a bad policy is refused at start', async () => {
  const f = await createTestApp({ env: { LOYALTY_EXIT_POLICY: 'FORFEIT' } });
  try {
    const fl = new Loyalty(f);
    const c = await createStaffAndMember(f, fl);
    const out = await fl.ok('settleLoyaltyAtExit', { accountId: c.accountId, idempotencyKey: randomUUID() });
    const lines = await f.sql.query(`select ledger_account, amount::int from points_line where posting_id = $1 order by ledger_account`, [keyOf(out.entry.id)]);
    expect(lines.rows).toEqual([{ ledger_account: 'CUSTOMER', amount: -30 }, { ledger_account: 'FORFEITED', amount: 30 }]);
  } finally {
    await f.close();
  }
  await expect(createTestApp({ env: { LOYALTY_EXIT_POLICY: 'KEEP' } })).rejects.toThrow(/LOYALTY_EXIT_POLICY/);
});

async function createStaffAndMember(app: TestApp, fl: Loyalty) {
  fl.rm = await createStaff(app.sql, 'rm-01');
  return fl.member(30);
}

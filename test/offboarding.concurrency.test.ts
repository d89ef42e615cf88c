// Overlapping operations on one case, or one customer, forced to overlap: the test holds the row lock
// until both requests wait behind it, then lets go. Exactly one wins; the other gets CONFLICT or a
// userError, and nothing is written twice.
import { createTestApp, type TestApp } from './support/app';
import { waitForLockWaiters } from './support/concurrency';
import { type MutationOut, Offboarding } from './support/offboarding';

let t: TestApp;
let o: Offboarding;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const keyOf = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];

/** Runs `requests` while holding `lockSql` in a transaction of the owner connection, released once all wait. */
async function overlapped(lockSql: string, params: unknown[], requests: (() => Promise<MutationOut>)[]): Promise<MutationOut[]> {
  const holder = await t.sql.connect();
  try {
    await holder.query('begin');
    await holder.query(lockSql, params);
    const pending = requests.map((r) => r());
    await waitForLockWaiters(t, requests.length);
    await holder.query('commit');
    return await Promise.all(pending);
  } catch (err) {
    await holder.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    holder.release();
  }
}

const lost = (out: MutationOut) => out.errors?.[0]?.extensions.code === 'CONFLICT' || out.userErrors.length > 0;

it('two transitions on one case: exactly one succeeds, the other gets CONFLICT, and one history line and audit event are written', async () => {
  const c = await o.caseIn('CUSTOMER', 'RETENTION');
  const key = keyOf(c.id);
  const history = async () => Number((await t.sql.query('select count(*) from case_transition where case_id = $1', [key])).rows[0].count);
  const events = async () => Number((await t.sql.query(`select count(*) from audit_event where entity_id = $1`, [key])).rows[0].count);
  const [h0, e0] = [await history(), await events()];

  const results = await overlapped('select 1 from offboarding_case where id = $1 for update', [key], [
    () => o.mutate('startSettlement', { caseId: c.id, version: c.version }),
    () => o.mutate('cancelOffboarding', { caseId: c.id, version: c.version, reason: 'Changed their mind' }),
  ]);

  const winners = results.filter((r) => r.offboardingCase);
  expect(winners).toHaveLength(1);
  expect(results.filter(lost)).toHaveLength(1);
  const state = (await o.read(c.id)).state;
  expect(state).toBe(winners[0].offboardingCase.state);
  expect(['SETTLEMENT', 'CANCELLED']).toContain(state);
  expect(await history()).toBe(h0 + 1);
  expect(await events()).toBe(e0 + 1);
  const customer = (await t.sql.query('select c.status from customer c join offboarding_case oc on oc.customer_id = c.id where oc.id = $1', [key])).rows[0];
  expect(customer.status).toBe(state === 'CANCELLED' ? 'ACTIVE' : 'OFFBOARDING');
});

it('closing while an item is being ticked: the two take turns under the case lock', async () => {
  let c = await o.caseIn('CUSTOMER', 'SETTLEMENT');
  const [last, ...rest] = c.checklist;
  for (const item of rest) c = await o.ok('completeChecklistItem', { itemId: item.id, destination: 'IBAN' });
  const key = keyOf(c.id);

  const [tick, close] = await overlapped('select 1 from offboarding_case where id = $1 for update', [key], [
    () => o.mutate('completeChecklistItem', { itemId: last.id, destination: 'IBAN' }),
    () => o.mutate('closeOffboarding', { caseId: c.id, version: c.version }),
  ]);
  // Whichever went first, the case never closes with an open required item.
  expect(tick.offboardingCase).not.toBeNull();
  const after = await o.read(c.id);
  if (close.offboardingCase) expect(after.checklist.every((i: { done: boolean }) => i.done)).toBe(true);
  else expect(close.userErrors.map((e) => e.code)).toEqual(['CHECKLIST_INCOMPLETE']);
  expect(after.state).toBe(close.offboardingCase ? 'CLOSED' : 'SETTLEMENT');
});

it('two starts for one customer: one case opens, the other is refused', async () => {
  const customer = await o.customer();
  const start = () => o.mutate('startOffboarding', { customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' });
  const results = await overlapped('select 1 from customer where id = $1 for update', [customer.id], [start, start]);
  expect(results.filter((r) => r.offboardingCase)).toHaveLength(1);
  const loser = results.find((r) => !r.offboardingCase)!;
  expect(loser.errors?.[0]?.extensions.code === 'CONFLICT' || loser.userErrors[0]?.code === 'OPEN_CASE_EXISTS').toBe(true);
  expect(Number((await t.sql.query('select count(*) from offboarding_case where customer_id = $1', [customer.id])).rows[0].count)).toBe(1);
  expect(Number((await t.sql.query(`select count(*) from audit_event where customer_id = $1 and action = 'offboarding.started'`, [customer.id])).rows[0].count)).toBe(1);
});

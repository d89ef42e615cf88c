// The outbox: events are written with the change that raised them (a rolled-back change raises
// nothing), published at least once and in order by the relay (also after a crash between commit and
// publishing), woken by the commit's notification, and heard on every replica through Redis.
import pg from 'pg';
import { memoryBus, type PublishedEvent, redisBus } from '../src/events/bus';
import { raiseEvent } from '../src/events/outbox';
import { relayOnce, startEventRelay } from '../src/events/relay';
import { toGlobalId } from '../src/graphql/relay';
import { createLogger } from '../src/logger';
import { createTestApp, type TestApp } from './support/app';
import { Offboarding } from './support/offboarding';
import { waitUntil } from './support/wait';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');
let t: TestApp;
let o: Offboarding;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const unpublished = async () => Number((await t.sql.query('select count(*) as n from domain_event where published_at is null')).rows[0].n);
const drainAll = async (publish: (e: PublishedEvent[]) => Promise<void> = async () => undefined) => {
  while ((await relayOnce(t.orm.em, t.clock.now(), publish)) > 0);
};

it('a workflow step raises its event in the same transaction; the relay publishes it once, in order, with global ids and no reason', async () => {
  await drainAll();
  const customer = await o.customer();
  const c = await o.start(customer.gid, 'BANK');
  const heard: PublishedEvent[] = [];
  await drainAll(async (events) => void heard.push(...events));
  expect(heard.map((e) => e.type)).toEqual(['offboarding.case_changed']);
  expect(heard[0]).toMatchObject({
    customerKey: customer.id,
    payload: { caseId: c.id, customerId: toGlobalId('Customer', customer.id), from: null, to: 'REQUESTED', initiatedBy: 'BANK' },
  });
  expect(JSON.stringify(heard[0])).not.toMatch(/RISK_APPETITE|reason/i);
  expect(await unpublished()).toBe(0);
  await drainAll(async (events) => void heard.push(...events));
  expect(heard).toHaveLength(1);
});

it('a change that rolls back raises nothing', async () => {
  await drainAll();
  const customer = await o.customer();
  // A scope that does not fit is a userError: the transaction rolls back.
  const refused = await o.mutate('startOffboarding', { customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'AML_CONCERN' });
  expect(refused.userErrors.length).toBeGreaterThan(0);
  // And directly: an event raised in a transaction that then fails.
  await expect(t.orm.em.fork().transactional(async (em) => {
    raiseEvent(em, { viewer: null, requestId: null, now: t.clock.now() }, { type: 'test.never', payload: {} });
    await em.flush();
    throw new Error('the change fails after the event was written');
  })).rejects.toThrow('the change fails');
  expect(await unpublished()).toBe(0);
  expect((await t.sql.query(`select count(*) as n from domain_event where type = 'test.never'`)).rows[0].n).toBe('0');
});

it('a relay that fails after publishing leaves the events unmarked: they are published again, with the same ids', async () => {
  await drainAll();
  const customer = await o.customer();
  await o.start(customer.gid, 'CUSTOMER');
  const first: PublishedEvent[] = [];
  await expect(relayOnce(t.orm.em, t.clock.now(), async (events) => {
    first.push(...events);
    throw new Error('crashed before marking');
  })).rejects.toThrow('crashed');
  expect(await unpublished()).toBe(1);
  const again: PublishedEvent[] = [];
  await drainAll(async (events) => void again.push(...events));
  expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
});

it('events committed while no relay ran are published when one starts; new ones wake it through the commit\'s notification', async () => {
  const customer = await o.customer();
  await o.start(customer.gid, 'CUSTOMER'); // committed, nothing relaying
  const heard: PublishedEvent[] = [];
  const relay = await startEventRelay({
    url: t.db.runtimeUrl, orm: t.orm, clock: t.clock, log, publish: async (events) => void heard.push(...events),
    sweepSeconds: 3600, // only the start and the notifications wake it in this test
  });
  try {
    await waitUntil(() => heard.some((e) => e.customerKey === customer.id), 'the backlog was published');
    const other = await o.customer();
    await o.start(other.gid, 'CUSTOMER');
    await waitUntil(() => heard.some((e) => e.customerKey === other.id), 'the notification woke the relay');
    // published first, then marked in the same transaction
    await waitUntil(async () => (await unpublished()) === 0, 'the relay marked what it published');
    const seqs = heard.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  } finally {
    await relay.stop();
  }
});

it('two replicas on one Redis: an event raised through one reaches a listener on the other, once', async () => {
  const other = await createTestApp({ database: t.db, clock: t.clock });
  const channel = `keel-test-${Date.now()}:events`;
  const busA = await redisBus(REDIS_URL, channel, log);
  const busB = await redisBus(REDIS_URL, channel, log);
  const heardOnB: PublishedEvent[] = [];
  busB.subscribe((e) => heardOnB.push(e));
  const relayA = await startEventRelay({ url: t.db.runtimeUrl, orm: t.orm, clock: t.clock, log, publish: (e) => busA.publish(e) });
  try {
    // The change goes through replica B's API; replica A's relay publishes it; B's listener hears it.
    const customer = await o.customer();
    const res = await other.gql('mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { userErrors { code } } }', {
      token: o.admin, variables: { input: { customerId: customer.gid, initiatedBy: 'CUSTOMER', reason: 'FEES' } },
    });
    expect(res.body.data.startOffboarding.userErrors).toEqual([]);
    await waitUntil(() => heardOnB.some((e) => e.customerKey === customer.id), 'replica B heard the event');
    await new Promise((r) => setTimeout(r, 200));
    expect(heardOnB.filter((e) => e.customerKey === customer.id)).toHaveLength(1);
  } finally {
    await relayA.stop();
    await busA.close();
    await busB.close();
    await other.close();
  }
});

it('the runtime role can add events and mark them published, and change or delete nothing else', async () => {
  const runtime = new pg.Client({ connectionString: t.db.runtimeUrl });
  await runtime.connect();
  try {
    await expect(runtime.query(`update domain_event set payload = '{}'`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query(`update domain_event set type = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query('delete from domain_event')).rejects.toThrow(/permission denied/);
    await expect(runtime.query('truncate domain_event')).rejects.toThrow(/permission denied/);
    await runtime.query('update domain_event set published_at = published_at where false');
  } finally {
    await runtime.end();
  }
});

it('a memory bus delivers to this process\'s listeners until they unsubscribe', async () => {
  const bus = memoryBus(log);
  const heard: string[] = [];
  const off = bus.subscribe((e) => heard.push(e.id));
  bus.subscribe(() => {
    throw new Error('a failing listener does not stop the others');
  });
  const event = { id: 'e1', seq: 1, type: 'x', occurredAt: new Date().toISOString(), customerKey: null, payload: {} };
  await bus.publish([event]);
  off();
  await bus.publish([{ ...event, id: 'e2' }]);
  expect(heard).toEqual(['e1']);
});

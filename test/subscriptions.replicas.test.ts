// Two replicas of Keel on one database and one Redis: a GraphQL subscriber connected over graphql-ws
// to replica B hears a change made through replica A's API (A's relay publishes it to Redis, B's bus
// hears it), and a relationship manager's subscription on B never receives another book's event.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createApp, type KeelApp } from '../src/app';
import { type EventBus, redisBus } from '../src/events/bus';
import { type EventRelay, startEventRelay } from '../src/events/relay';
import { createLogger } from '../src/logger';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { Offboarding } from './support/offboarding';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');

let a: TestApp;
let b: TestApp;
let o: Offboarding;
let busA: EventBus;
let busB: EventBus;
let relayA: EventRelay;
let keelB: KeelApp;
let serverB: Server;
let subscriptionsB: { close(): Promise<void>; open(): number };
let urlB: string;
const clients: Client[] = [];

beforeAll(async () => {
  a = await createTestApp({ env: { REDIS_URL } });
  b = await createTestApp({ database: a.db, env: { REDIS_URL } });
  o = await new Offboarding(a).setup();
  await createStaff(a.sql, 'rm-02');
  const channel = `keel:test:${randomUUID()}:events`;
  busA = await redisBus(REDIS_URL, channel, log);
  busB = await redisBus(REDIS_URL, channel, log);
  // Only replica A relays; replica B serves the subscribers.
  relayA = await startEventRelay({
    url: a.db.runtimeUrl, orm: a.orm, clock: a.clock, log, publish: (e) => busA.publish(e), sweepSeconds: 1,
    consumers: { modules: defaultModules, config: a.config },
  });
  keelB = await createApp(b.config, { orm: b.orm, clock: b.clock, logger: log, events: busB });
  serverB = createServer(keelB.app);
  subscriptionsB = keelB.serveSubscriptions(serverB);
  await new Promise<void>((resolve) => serverB.listen(0, '127.0.0.1', resolve));
  urlB = `ws://127.0.0.1:${(serverB.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  for (const c of clients.splice(0)) await c.dispose();
  await subscriptionsB?.close();
  await new Promise((r) => serverB?.close(r));
  await keelB?.stop();
  await relayA?.stop();
  await busA?.close();
  await busB?.close();
  await b?.close();
  await a?.close();
});

function subscribe(token: string) {
  const heard = { ids: [] as string[], errors: [] as unknown[] };
  const client = createClient({ url: urlB, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${token}` }, onNonLazyError: () => undefined });
  clients.push(client);
  client.subscribe({ query: 'subscription { offboardingCaseChanged { to offboardingCase { id customer { id } } } }' }, {
    next: (v) => {
      if (v.errors) heard.errors.push(...v.errors);
      const data = v.data as { offboardingCaseChanged: { offboardingCase: { id: string } } } | undefined;
      if (data) heard.ids.push(data.offboardingCaseChanged.offboardingCase.id);
    },
    error: (e) => void heard.errors.push(e),
    complete: () => undefined,
  });
  return heard;
}

it('a subscriber on replica B hears a change made through replica A; a relationship manager never hears another book\'s', async () => {
  const rm = subscribe(staffToken(b.config, 'RELATIONSHIP_MANAGER', 'rm-01', b.clock.now()));
  const support = subscribe(staffToken(b.config, 'SUPPORT_AGENT', 'support-31', b.clock.now()));
  await waitUntil(() => subscriptionsB.open() >= 2, 'both connected to B');
  await new Promise((r) => setTimeout(r, 300));

  // Through A's API: first a case in rm-02's book, then one in rm-01's.
  const other = await o.customer();
  await a.sql.query(`update customer set rm_id = (select id from staff_user where subject = 'rm-02') where id = $1`, [other.id]);
  const theirs = await o.start(other.gid, 'CUSTOMER');
  const own = await o.customer();
  const mine = await o.start(own.gid, 'CUSTOMER');

  await waitUntil(() => support.ids.includes(theirs.id) && support.ids.includes(mine.id) && rm.ids.includes(mine.id), 'B\'s subscribers heard A\'s changes');
  // rm-02's case was published before rm-01's: had it been let through, it would have arrived first.
  expect(rm.ids).toEqual([mine.id]);
  expect(rm.errors).toEqual([]);
  expect(support.errors).toEqual([]);
  expect(subscriptionsB.open()).toBe(2);
});

// /metrics after a few requests, a job run and an open subscription: every series the operators rely on
// is there, with labels that name kinds and outcomes only; a module's own series (as a webhooks module
// declares its deliveries) are served beside the platform's; METRICS_TOKEN guards the endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, createClient } from 'graphql-ws';
import pg from 'pg';
import supertest from 'supertest';
import WebSocket from 'ws';
import { createApp, type KeelApp } from '../src/app';
import { memoryBus } from '../src/events/bus';
import { ensureJobQueues } from '../src/jobs/queues';
import { type JobRunner, sendDueRuns, startJobRunner } from '../src/jobs/scheduler';
import { createLogger } from '../src/logger';
import { checkModuleMetric, moduleCounter, moduleHistogram } from '../src/metrics';
import type { KeelModule } from '../src/module';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

// What a module with deliveries does: declares its series, and its delivery code records them (named apart
// from the webhooks module's own keel_webhook_* series, which the registered modules serve too).
const deliveries = moduleCounter({ name: 'keel_hooks_deliveries_total', help: 'Webhook deliveries by outcome.', labelNames: ['outcome'] });
const deliverySeconds = moduleHistogram({ name: 'keel_hooks_delivery_seconds', help: 'Time to deliver a webhook.', labelNames: ['outcome'], buckets: [0.1, 1, 10] });
const hooks: KeelModule = {
  name: 'hooks',
  entities: [],
  resolvers: [],
  rules: {},
  metrics: [deliveries, deliverySeconds],
  jobs: [
    {
      name: 'test.deliver',
      everySeconds: 600,
      async run() {
        const end = deliverySeconds.startTimer();
        deliveries.inc({ outcome: 'delivered' });
        end({ outcome: 'delivered' });
        return { delivered: 1 };
      },
    },
    {
      name: 'test.deliver_failing',
      everySeconds: 600,
      retryLimit: 0,
      async run() {
        deliveries.inc({ outcome: 'failed' });
        throw new Error('receiver answered 500');
      },
    },
  ],
};

let t: TestApp;
let keel: KeelApp;
let server: Server;
let runner: JobRunner;
let client: Client | undefined;

beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'admin-01');
  const owner = new pg.Client({ connectionString: t.db.ownerUrl });
  await owner.connect();
  await ensureJobQueues(owner, [hooks]);
  await owner.end();
  keel = await createApp(t.config, { orm: t.orm, clock: t.clock, logger: createLogger('silent'), events: memoryBus(), modules: [...defaultModules, hooks] });
  server = createServer(keel.app);
  keel.serveSubscriptions(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  runner = await startJobRunner({ url: t.db.runtimeUrl, orm: t.orm, modules: [hooks], config: t.config, clock: t.clock, log: createLogger('silent'), pollingSeconds: 0.5 }, 0);
});
afterAll(async () => {
  await client?.dispose();
  await runner?.stop(2_000);
  await new Promise((r) => server?.close(r));
  await keel?.stop();
  await t?.close();
});

/** The value of one series (name and exact label set) in a Prometheus text exposition, or undefined. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(): Promise<string> {
  const res = await supertest(keel.app).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/text\/plain/);
  return res.text;
}

async function states(name: string): Promise<string[]> {
  const { rows } = await t.sql.query(`select state from pgboss.job where name = $1`, [name]);
  return rows.map((r) => r.state as string);
}

it('exposes operations, errors by code, the pool, the job queues, open subscriptions and module series', async () => {
  const http = supertest(keel.app);
  const token = staffToken(t.config, 'ADMIN');
  const support = staffToken(t.config, 'SUPPORT_AGENT');
  const post = (query: string, bearer?: string) => {
    const req = http.post('/graphql').set('content-type', 'application/json');
    return (bearer ? req.set('authorization', `Bearer ${bearer}`) : req).send({ query });
  };
  expect((await post('query Who { viewer { kind } }', token)).body.errors).toBeUndefined();
  expect((await post('query Few { customers(first: 2) { totalCount } }', token)).body.errors).toBeUndefined();
  // Refused: a bad credential, and a role without the capability.
  expect((await post('{ viewer { kind } }', 'not-a-token')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect((await post('query Clients { apiClients(first: 1) { totalCount } }', support)).body.errors[0].extensions.code).toBe('FORBIDDEN');

  // A subscription held open.
  const port = (server.address() as AddressInfo).port;
  client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${token}` } });
  let subscribed = false;
  client.subscribe({ query: 'subscription { offboardingCaseChanged { eventId } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
  await waitUntil(async () => (subscribed = valueOf(await scrape(), 'keel_subscriptions_active') === 1), 'the subscription counted');
  expect(subscribed).toBe(true);

  // One job run that succeeds, one that fails for good.
  const jobs = hooks.jobs!;
  expect(await sendDueRuns(runner.boss, jobs, t.clock.now())).toEqual(['test.deliver', 'test.deliver_failing']);
  await waitUntil(async () => (await states('test.deliver')).includes('completed'), 'the delivery job completed');
  await waitUntil(async () => (await states('test.deliver_failing')).includes('failed'), 'the failing job failed', 20_000);

  // The queues are read at most every few seconds: the failed run shows once the last reading is old enough.
  let text = '';
  await waitUntil(async () => valueOf((text = await scrape()), 'keel_job_queue_jobs{queue="test.deliver_failing",state="failed"}') === 1, 'the failed run counted', 10_000);
  expect(valueOf(text, 'keel_graphql_operations_total{type="query",name="Who",outcome="ok"}')).toBe(1);
  expect(valueOf(text, 'keel_graphql_operations_total{type="query",name="Clients",outcome="FORBIDDEN"}')).toBe(1);
  expect(valueOf(text, 'keel_graphql_operation_seconds_count{type="query",name="Few"}')).toBe(1);
  expect(valueOf(text, 'keel_graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
  expect(valueOf(text, 'keel_graphql_errors_total{code="FORBIDDEN"}')).toBe(1);

  expect(valueOf(text, 'keel_db_pool_max{pool="primary"}')).toBe(5);
  for (const state of ['used', 'idle', 'creating']) expect(valueOf(text, `keel_db_pool_connections{pool="primary",state="${state}"}`)).toEqual(expect.any(Number));
  expect(valueOf(text, 'keel_db_pool_connections{pool="primary",state="idle"}')).toBeGreaterThanOrEqual(1);
  expect(valueOf(text, 'keel_db_pool_waiting{pool="primary"}')).toBe(0);
  expect(valueOf(text, 'keel_db_pool_acquire_seconds_count{pool="primary"}')).toBeGreaterThanOrEqual(1);

  expect(valueOf(text, 'keel_job_queue_jobs{queue="test.deliver_failing",state="failed"}')).toBe(1);
  expect(valueOf(text, 'keel_job_queue_jobs{queue="test.deliver",state="created"}')).toBe(0);
  expect(valueOf(text, 'keel_job_queue_jobs{queue="dead-letter",state="created"}')).toBeGreaterThanOrEqual(0);
  // Every module job has its queue's series, whether or not it has run.
  for (const job of defaultModules.flatMap((m) => m.jobs ?? [])) expect(valueOf(text, `keel_job_queue_jobs{queue="${job.name}",state="failed"}`)).toBe(0);

  expect(valueOf(text, 'keel_subscription_connections')).toBe(1);
  expect(valueOf(text, 'keel_subscriptions_active')).toBe(1);

  expect(valueOf(text, 'keel_hooks_deliveries_total{outcome="delivered"}')).toBe(1);
  expect(valueOf(text, 'keel_hooks_deliveries_total{outcome="failed"}')).toBe(1);
  expect(valueOf(text, 'keel_hooks_delivery_seconds_count{outcome="delivered"}')).toBe(1);
  expect(text).toContain('keel_process_cpu_seconds_total');

  // No label carries a token, a subject or an id.
  expect(text).not.toContain(token);
  expect(text).not.toContain('admin-01');
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

  // Closing the connection takes it off the gauges.
  await client.dispose();
  client = undefined;
  await waitUntil(async () => valueOf(await scrape(), 'keel_subscription_connections') === 0, 'the connection uncounted');
});

it('refuses a module series whose labels would identify someone, or that is not named keel_', () => {
  expect(() => checkModuleMetric('hooks', moduleCounter({ name: 'keel_webhook_deliveries_total', help: 'x', labelNames: ['customer_id'] }))).toThrow(/customer_id/);
  expect(() => checkModuleMetric('hooks', moduleCounter({ name: 'keel_webhook_x_total', help: 'x', labelNames: ['email'] }))).toThrow(/email/);
  expect(() => checkModuleMetric('hooks', moduleCounter({ name: 'webhook_total', help: 'x' }))).toThrow(/keel_/);
  expect(() => checkModuleMetric('hooks', moduleCounter({ name: 'keel_webhook_y_total', help: 'x', labelNames: ['outcome', 'event'] }))).not.toThrow();
});

it('with METRICS_TOKEN, /metrics answers only to that bearer token', async () => {
  const guarded = await createTestApp({ env: { METRICS_TOKEN: 'metrics-token-0123456789abcdef' }, database: t.db });
  try {
    await guarded.http.get('/metrics').expect(401);
    await guarded.http.get('/metrics').set('authorization', 'Bearer wrong-token-0123456789abcdefg').expect(401);
    const ok = await guarded.http.get('/metrics').set('authorization', 'Bearer metrics-token-0123456789abcdef').expect(200);
    expect(ok.text).toContain('keel_graphql_operations_total');
  } finally {
    await guarded.close();
  }
});

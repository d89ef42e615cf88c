// Webhooks: deliveries enqueued by the relay with the publishing, signed, retried with backoff and
// recorded per attempt, redeliverable, paused after failing for the whole retry period; secrets shown
// once, stored encrypted, rotated with an overlap; partners scoped to their own client and to what
// their scopes read; outbound calls refused for private targets unless configuration allows them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relayOnce } from '../src/events/relay';
import { type JobRunner, startJobRunner } from '../src/jobs/scheduler';
import { createLogger } from '../src/logger';
import { defaultModules } from '../src/modules';
import { attemptDelivery, type DeliveryMessage } from '../src/modules/webhooks/webhook.delivery';
import { isSpecialAddress } from '../src/modules/webhooks/webhook.targets';
import { createTestApp, testConfig, type TestApp } from './support/app';
import { Offboarding } from './support/offboarding';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

let t: TestApp;
let o: Offboarding;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** What the receiver answers next (status, extra headers); when empty, 200. */
const answers: { status: number; headers?: Record<string, string> }[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_BASE_SECONDS: '1', WEBHOOK_RETRY_HOURS: '1' } });
  o = await new Offboarding(t).setup();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.status >= 400 ? `${'x'.repeat(5000)} failure` : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});
beforeEach(async () => {
  await relay(); // events of earlier tests are not this test's
  received.length = 0;
  answers.length = 0;
});

const admin = () => staffToken(t.config, 'ADMIN', 'admin-webhooks', t.clock.now());

const SUB = 'webhookSubscription { id url eventTypes status pausedReason apiClientId filters { band region segmentId } previousSecretExpiresAt }';

async function create(input: Record<string, unknown>, token = admin(), app = t) {
  const res = await app.gql(`mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { ${SUB} secret userErrors { field code message } } }`, {
    token, variables: { input },
  });
  return res.body;
}

async function mutate(name: string, input: Record<string, unknown>, token = admin()) {
  const inputType = { rotateWebhookSecret: 'WebhookSubscriptionRefInput', pauseWebhookSubscription: 'PauseWebhookSubscriptionInput', resumeWebhookSubscription: 'WebhookSubscriptionRefInput', redeliverWebhookEvent: 'RedeliverWebhookEventInput' }[name];
  const extra = name === 'rotateWebhookSecret' ? 'secret' : '';
  const res = await t.gql(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${SUB} ${extra} userErrors { code message } } }`, { token, variables: { input } });
  return res.body;
}

async function relay(app = t): Promise<void> {
  while ((await relayOnce(app.orm.em, app.clock.now(), async () => undefined, 200, { modules: defaultModules, config: app.config })) > 0);
}

/** The subscription's waiting messages on the delivery queue, oldest first. */
async function queued(subscriptionKey: string, app = t): Promise<{ id: string; data: DeliveryMessage; startAfter: Date }[]> {
  const { rows } = await app.sql.query(
    `select id, data, start_after from pgboss.job where name = 'webhook-delivery' and state = 'created' and data->>'subscriptionId' = $1 order by created_on, start_after`,
    [subscriptionKey],
  );
  return rows.map((r) => ({ id: r.id, data: r.data, startAfter: new Date(r.start_after) }));
}

/** What the worker does with each waiting message: takes it off the queue and makes the attempt, at the clock's time. */
async function work(subscriptionKey: string, app = t, lookup?: Parameters<typeof attemptDelivery>[0]['lookup']) {
  const outcomes = [];
  for (const m of await queued(subscriptionKey, app)) {
    await app.sql.query(`update pgboss.job set state = 'completed', completed_on = now() where name = 'webhook-delivery' and id = $1`, [m.id]);
    outcomes.push(await attemptDelivery({ em: app.orm.em.fork(), now: app.clock.now(), config: app.config, modules: defaultModules, lookup }, m.data));
  }
  return outcomes;
}

const keyOf = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];

/** A receiver's check: every v1 that verifies with the secret, over `${t}.${body}`. */
function verifies(header: string | string[] | undefined, body: string, secret: string): boolean {
  const parts = String(header).split(',');
  const ts = parts.find((p) => p.startsWith('t='))!.slice(2);
  const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest();
  return parts.filter((p) => p.startsWith('v1=')).some((p) => {
    const got = Buffer.from(p.slice(3), 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

async function deliveries(subscriptionId: string, token = admin()) {
  const res = await t.gql(`query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 50) { edges { node { eventId eventType attempt status responseCode durationMs error responseExcerpt nextAttemptAt } } } }`, {
    token, variables: { id: subscriptionId },
  });
  return res.body;
}

it('a delivery that fails twice is delivered on the third attempt, signed, and recorded as three attempts; a bank exit\'s reason never leaves', async () => {
  const made = await create({ url: `${base}/hooks/keel`, eventTypes: ['offboarding.case_changed'] });
  expect(made.errors).toBeUndefined();
  const { webhookSubscription: sub, secret } = made.data.createWebhookSubscription;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  const key = keyOf(sub.id);

  const customer = await o.customer();
  const c = await o.start(customer.gid, 'BANK');
  answers.push({ status: 500 }, { status: 503 });
  await relay();
  const first = await queued(key);
  expect(first).toHaveLength(1);
  expect(first[0].data).toMatchObject({ subscriptionId: key, attempt: 1 });

  const start = t.clock.now();
  const [one] = await work(key);
  expect(one).toMatchObject({ status: 'FAILED', error: 'The receiver answered HTTP 500' });
  // Backoff from the clock: the first retry 0.5..1 s after it (base 1 s, with jitter).
  const second = await queued(key);
  expect(second).toHaveLength(1);
  expect(second[0].data.attempt).toBe(2);
  expect(second[0].startAfter.getTime() - start.getTime()).toBeGreaterThanOrEqual(500);
  expect(second[0].startAfter.getTime() - start.getTime()).toBeLessThanOrEqual(1000);

  t.clock.set(second[0].startAfter);
  expect(await work(key)).toMatchObject([{ status: 'FAILED' }]);
  const third = await queued(key);
  expect(third[0].data.attempt).toBe(3);
  expect(third[0].startAfter.getTime() - t.clock.now().getTime()).toBeGreaterThanOrEqual(1000);
  expect(third[0].startAfter.getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(2000);
  t.clock.set(third[0].startAfter);
  expect(await work(key)).toMatchObject([{ status: 'SUCCEEDED', responseCode: 200 }]);
  expect(await queued(key)).toEqual([]);

  // The receiver saw the same event three times, with its id for de-duplication, validly signed.
  expect(received).toHaveLength(3);
  const bodies = received.map((r) => JSON.parse(r.body));
  expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
  const last = received[2];
  expect(last.path).toBe('/hooks/keel');
  expect(last.headers['content-type']).toBe('application/json');
  expect(last.headers['keel-event-id']).toBe(bodies[2].id);
  expect(verifies(last.headers['keel-signature'], last.body, secret)).toBe(true);
  expect(verifies(last.headers['keel-signature'], last.body, `${secret}x`)).toBe(false);
  expect(verifies(last.headers['keel-signature'], last.body.replace('REQUESTED', 'CLOSED'), secret)).toBe(false);
  const ts = Number(/t=(\d+)/.exec(String(last.headers['keel-signature']))![1]);
  expect(ts).toBe(Math.floor(t.clock.now().getTime() / 1000));
  expect(bodies[2]).toEqual({
    id: bodies[2].id,
    type: 'offboarding.case_changed',
    occurredAt: expect.any(String),
    data: { caseId: c.id, customerId: customer.gid, from: null, to: 'REQUESTED', initiatedBy: 'BANK', at: expect.any(String) },
  });
  expect(last.body).not.toMatch(/RISK_APPETITE|reason/i);

  // Recorded per attempt, newest first; the response kept only as a short excerpt.
  const recorded = await deliveries(sub.id);
  expect(recorded.errors).toBeUndefined();
  const rows = recorded.data.webhookDeliveries.edges.map((e: { node: unknown }) => e.node);
  expect(rows.map((r: { attempt: number; status: string; responseCode: number }) => [r.attempt, r.status, r.responseCode])).toEqual([
    [3, 'SUCCEEDED', 200], [2, 'FAILED', 503], [1, 'FAILED', 500],
  ]);
  expect(rows.every((r: { eventId: string; eventType: string }) => r.eventId === bodies[0].id && r.eventType === 'offboarding.case_changed')).toBe(true);
  expect(rows[1].nextAttemptAt).not.toBeNull();
  expect(rows[0].nextAttemptAt).toBeNull();
  expect(rows[2].responseExcerpt.length).toBeLessThanOrEqual(500);
  expect(rows[2].error).toBe('The receiver answered HTTP 500');

  // Redelivery: a fresh delivery of the same event, from attempt 1.
  const again = await mutate('redeliverWebhookEvent', { subscriptionId: sub.id, eventId: bodies[0].id });
  expect(again.data.redeliverWebhookEvent.userErrors).toEqual([]);
  expect((await queued(key)).map((m) => m.data.attempt)).toEqual([1]);
  expect(await work(key)).toMatchObject([{ status: 'SUCCEEDED' }]);
  expect(received).toHaveLength(4);
  expect(JSON.parse(received[3].body).id).toBe(bodies[0].id);
  expect((await deliveries(sub.id)).data.webhookDeliveries.edges).toHaveLength(4);
  // An event the subscription does not receive, or an unknown one, is a userError.
  const unknown = await mutate('redeliverWebhookEvent', { subscriptionId: sub.id, eventId: '00000000-0000-4000-8000-000000000000' });
  expect(unknown.data.redeliverWebhookEvent.userErrors.map((e: { code: string }) => e.code)).toEqual(['UNKNOWN_EVENT']);
  const malformed = await mutate('redeliverWebhookEvent', { subscriptionId: sub.id, eventId: 'not-an-id' });
  expect(malformed.errors).toBeUndefined();
  expect(malformed.data.redeliverWebhookEvent.userErrors).toHaveLength(1);
});

it('the queue\'s worker delivers what the relay enqueued', async () => {
  const made = (await create({ url: `${base}/worker`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  let runner: JobRunner | undefined;
  try {
    runner = await startJobRunner({ url: t.db.runtimeUrl, orm: t.orm, modules: defaultModules, config: t.config, clock: t.clock, log: createLogger('silent'), pollingSeconds: 0.5 }, 0);
    await o.start((await o.customer()).gid, 'CUSTOMER');
    await relay();
    await waitUntil(() => received.some((r) => r.path === '/worker'), 'the worker delivered', 15_000);
    const hit = received.find((r) => r.path === '/worker')!;
    expect(verifies(hit.headers['keel-signature'], hit.body, made.secret)).toBe(true);
    await waitUntil(async () => (await deliveries(made.webhookSubscription.id)).data.webhookDeliveries.edges.length === 1, 'the attempt was recorded');
  } finally {
    await runner?.stop(5000);
  }
});

it('failing for the whole retry period pauses the subscription, with the reason shown to its owner; resuming delivers again', async () => {
  const { webhookSubscription: sub } = (await create({ url: `${base}/down`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  const key = keyOf(sub.id);
  for (let i = 0; i < 100; i++) answers.push({ status: 500 });
  const started = t.clock.now();
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  let attempts = 0;
  for (;;) {
    const due = await queued(key);
    if (!due.length) break;
    t.clock.set(due[0].startAfter);
    await work(key);
    attempts += 1;
    expect(attempts).toBeLessThan(40);
  }
  expect(attempts).toBeGreaterThan(3);
  expect(t.clock.now().getTime() - started.getTime()).toBeLessThanOrEqual(3_600_000);
  const read = await t.gql('{ webhookSubscriptions(first: 100) { edges { node { id status pausedReason pausedAt } } } }', { token: admin() });
  const paused = read.body.data.webhookSubscriptions.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === sub.id);
  expect(paused).toMatchObject({ status: 'PAUSED', pausedReason: expect.stringMatching(/failed for 1 h.*HTTP 500/) });
  // While paused, nothing is enqueued; after resuming, new events are delivered again.
  answers.length = 0;
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  expect(await queued(key)).toEqual([]);
  const resumed = await mutate('resumeWebhookSubscription', { id: sub.id });
  expect(resumed.data.resumeWebhookSubscription.webhookSubscription).toMatchObject({ status: 'ACTIVE', pausedReason: null });
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  expect(await work(key)).toMatchObject([{ status: 'SUCCEEDED' }]);
  const pausedAgain = await mutate('pauseWebhookSubscription', { id: sub.id, reason: 'maintenance' });
  expect(pausedAgain.data.pauseWebhookSubscription.webhookSubscription.pausedReason).toBe('Paused by admin-webhooks: maintenance');
  expect((await mutate('pauseWebhookSubscription', { id: sub.id })).data.pauseWebhookSubscription.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_ACTIVE']);
});

it('redirects are not followed; a receiver that does not answer in time is a failed attempt', async () => {
  const { webhookSubscription: sub } = (await create({ url: `${base}/moved`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  answers.push({ status: 302, headers: { location: `${base}/elsewhere` } });
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  expect(await work(keyOf(sub.id))).toMatchObject([{ status: 'FAILED', error: 'Redirects are not followed' }]);
  expect(received.map((r) => r.path)).toEqual(['/moved']);

  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const slow = await createTestApp({ database: t.db, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '300' } });
  try {
    const made = (await create({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, eventTypes: ['offboarding.case_changed'] }, admin(), slow)).data.createWebhookSubscription;
    await o.start((await o.customer()).gid, 'CUSTOMER');
    await relay(slow);
    const [outcome] = await work(keyOf(made.webhookSubscription.id), slow);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'No answer within 300 ms' });
  } finally {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
    await slow.close();
  }
});

it('the secret is shown once, stored encrypted, and rotates with an overlap during which deliveries carry both signatures', async () => {
  const made = (await create({ url: `${base}/rotating`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  const key = keyOf(made.webhookSubscription.id);
  const { rows } = await t.sql.query('select * from webhook_subscription where id = $1', [key]);
  const stored = JSON.stringify(rows[0]);
  expect(stored).not.toContain(made.secret);
  expect(stored).not.toContain(made.secret.slice(6));
  expect(rows[0].secret_encrypted).toMatch(/^dev\.[\w-]+\.[\w-]+\.[\w-]+$/);
  // No field of the API reads it back.
  const read = await t.gql('query($id: ID!) { node(id: $id) { ... on WebhookSubscription { id url } } }', { token: admin(), variables: { id: made.webhookSubscription.id } });
  expect(JSON.stringify(read.body)).not.toContain(made.secret);

  const rotated = await mutate('rotateWebhookSecret', { id: made.webhookSubscription.id });
  const newSecret = rotated.data.rotateWebhookSecret.secret;
  expect(newSecret).not.toBe(made.secret);
  expect(rotated.data.rotateWebhookSecret.webhookSubscription.previousSecretExpiresAt).toBe(new Date(t.clock.now().getTime() + 24 * 3_600_000).toISOString());
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  await work(key);
  const during = received.at(-1)!;
  expect(String(during.headers['keel-signature']).match(/v1=/g)).toHaveLength(2);
  expect(verifies(during.headers['keel-signature'], during.body, newSecret)).toBe(true);
  expect(verifies(during.headers['keel-signature'], during.body, made.secret)).toBe(true);

  t.clock.advance(25 * 3_600_000);
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  await work(key);
  const after = received.at(-1)!;
  expect(String(after.headers['keel-signature']).match(/v1=/g)).toHaveLength(1);
  expect(verifies(after.headers['keel-signature'], after.body, newSecret)).toBe(true);
  expect(verifies(after.headers['keel-signature'], after.body, made.secret)).toBe(false);
});

it('partners manage their own client\'s subscriptions only, for the event types and with the fields their scopes read', async () => {
  const reader = await createPartnerToken(t, ['webhooks:manage', 'feedback:read']);
  const other = await createPartnerToken(t, ['webhooks:manage', 'feedback:read', 'customers:read']);
  const without = await createPartnerToken(t, ['feedback:read']);

  const mine = await create({ url: `${base}/partner-a`, eventTypes: ['feedback.received'] }, reader.token);
  expect(mine.data.createWebhookSubscription.userErrors).toEqual([]);
  const sub = mine.data.createWebhookSubscription.webhookSubscription;
  expect(sub.apiClientId).toBe(reader.id);
  const theirs = (await create({ url: `${base}/partner-b`, eventTypes: ['feedback.received'] }, other.token)).data.createWebhookSubscription;

  // Types and filters beyond the scopes are refused; no scope, no webhooks at all.
  const refused = await create({ url: `${base}/x`, eventTypes: ['feedback.received', 'offboarding.case_changed', 'risk.alert', 'no.such'], filters: { band: 'HIGH', region: 'North' } }, reader.token);
  expect(refused.data.createWebhookSubscription.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
    ['input.eventTypes.1', 'EVENT_TYPE_NOT_ALLOWED'], ['input.eventTypes.2', 'EVENT_TYPE_NOT_ALLOWED'], ['input.eventTypes.3', 'UNKNOWN_EVENT_TYPE'],
    ['input.filters.band', 'FILTER_NOT_ALLOWED'], ['input.filters.region', 'FILTER_NOT_ALLOWED'],
  ]);
  const noScope = await create({ url: `${base}/x`, eventTypes: ['feedback.received'] }, without.token);
  expect(noScope.errors[0].extensions.code).toBe('FORBIDDEN');

  // Each sees its own; ADMIN sees both; another client's does not exist for a partner.
  const list = async (token: string) => (await t.gql('{ webhookSubscriptions(first: 100) { edges { node { id } } } }', { token })).body.data.webhookSubscriptions.edges.map((e: { node: { id: string } }) => e.node.id);
  expect(await list(reader.token)).toEqual([sub.id]);
  expect(await list(other.token)).toEqual([theirs.webhookSubscription.id]);
  expect(await list(admin())).toEqual(expect.arrayContaining([sub.id, theirs.webhookSubscription.id]));
  const foreign = await mutate('pauseWebhookSubscription', { id: theirs.webhookSubscription.id }, reader.token);
  expect(foreign.errors[0].extensions.code).toBe('NOT_FOUND');
  expect((await mutate('rotateWebhookSecret', { id: theirs.webhookSubscription.id }, reader.token)).errors[0].extensions.code).toBe('NOT_FOUND');
  expect((await deliveries(theirs.webhookSubscription.id, reader.token)).errors[0].extensions.code).toBe('NOT_FOUND');
  const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { token: reader.token, variables: { id: theirs.webhookSubscription.id } });
  expect(node.body.data?.node ?? null).toBeNull();
  const deleted = await t.gql('mutation($input: WebhookSubscriptionRefInput!) { deleteWebhookSubscription(input: $input) { deletedId userErrors { code } } }', {
    token: reader.token, variables: { input: { id: theirs.webhookSubscription.id } },
  });
  expect(deleted.body.errors[0].extensions.code).toBe('NOT_FOUND');

  // Fields: the customer's id only for a partner who may read customers.
  const customer = await o.customer();
  const recorded = await t.gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id } userErrors { code } } }', {
    token: admin(), variables: { input: { customerId: customer.gid, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 4 } },
  });
  expect(recorded.body.data.recordFeedback.userErrors).toEqual([]);
  await relay();
  await work(keyOf(sub.id));
  await work(keyOf(theirs.webhookSubscription.id));
  const a = JSON.parse(received.find((r) => r.path === '/partner-a')!.body);
  const b = JSON.parse(received.find((r) => r.path === '/partner-b')!.body);
  expect(a.data).toMatchObject({ feedbackId: recorded.body.data.recordFeedback.feedback.id, nps: 4 });
  expect(a.data.customerId).toBeUndefined();
  expect(b.data.customerId).toBe(customer.gid);

  // A client whose scope is taken away stops receiving; a revoked client's subscription is paused.
  await t.sql.query(`update api_client set scopes = array['webhooks:manage'] where id = $1`, [reader.clientId]);
  received.length = 0;
  await t.gql('mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { userErrors { code } } }', {
    token: admin(), variables: { input: { customerId: customer.gid, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 5 } },
  });
  await relay();
  expect(await work(keyOf(sub.id))).toMatchObject([{ status: 'FAILED', nextAttemptAt: null, error: expect.stringMatching(/no longer let it read feedback.received/) }]);
  expect(received.filter((r) => r.path === '/partner-a')).toEqual([]);
  await t.sql.query(`update api_client set revoked_at = now(), revoked_by = 'admin-01' where id = $1`, [other.clientId]);
  expect(await work(keyOf(theirs.webhookSubscription.id))).toMatchObject([{ status: 'DROPPED' }]);
  const after = await t.gql('{ webhookSubscriptions(first: 100, filter: { status_in: [PAUSED] }) { edges { node { id pausedReason } } } }', { token: admin() });
  expect(after.body.data.webhookSubscriptions.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ id: theirs.webhookSubscription.id, pausedReason: expect.stringMatching(/revoked/) });
});

it('filters: only events about customers in the region, band or segment asked for', async () => {
  const { webhookSubscription: sub } = (await create({ url: `${base}/north`, eventTypes: ['offboarding.case_changed'], filters: { region: 'North' } })).data.createWebhookSubscription;
  const north = await o.customer();
  const south = await o.customer();
  await t.sql.query(`update customer set region = 'North' where id = $1`, [north.id]);
  await t.sql.query(`update customer set region = 'South' where id = $1`, [south.id]);
  await o.start(south.gid, 'CUSTOMER');
  const wanted = await o.start(north.gid, 'CUSTOMER');
  await relay();
  await work(keyOf(sub.id));
  const got = received.filter((r) => r.path === '/north').map((r) => JSON.parse(r.body).data.caseId);
  expect(got).toEqual([wanted.id]);

  // A current band of HIGH for one customer; a static segment holding another.
  const high = await o.customer();
  await t.sql.query(
    `with m as (select id, version from risk_model where status = 'ACTIVE'),
     s as (insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, triggered_by, computed_at)
           select gen_random_uuid(), $1, m.id, m.version, 'MODEL', 0.8, 'HIGH', 1.386, 'BATCH', now() from m returning *)
     insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at)
     select customer_id, id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at from s`,
    [high.id],
  );
  const member = await o.customer();
  const seg = await t.gql('mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } userErrors { code } } }', { token: admin(), variables: { input: { name: `Webhook segment ${Date.now()}` } } });
  const segmentId = seg.body.data.createSegment.segment.id;
  const added = await t.gql('mutation($input: SegmentMembersInput!) { addSegmentMembers(input: $input) { userErrors { code } } }', { token: admin(), variables: { input: { segmentId, customerIds: [member.gid] } } });
  expect(added.body.data.addSegmentMembers.userErrors).toEqual([]);
  const byBand = (await create({ url: `${base}/high`, eventTypes: ['offboarding.case_changed'], filters: { band: 'HIGH' } })).data.createWebhookSubscription;
  const bySegment = (await create({ url: `${base}/segment`, eventTypes: ['offboarding.case_changed'], filters: { segmentId } })).data.createWebhookSubscription;
  expect(bySegment.webhookSubscription.filters).toEqual({ segmentId, band: null, region: null });
  const highCase = await o.start(high.gid, 'CUSTOMER');
  const memberCase = await o.start(member.gid, 'CUSTOMER');
  await relay();
  await work(keyOf(byBand.webhookSubscription.id));
  await work(keyOf(bySegment.webhookSubscription.id));
  expect(received.filter((r) => r.path === '/high').map((r) => JSON.parse(r.body).data.caseId)).toEqual([highCase.id]);
  expect(received.filter((r) => r.path === '/segment').map((r) => JSON.parse(r.body).data.caseId)).toEqual([memberCase.id]);

  const badBand = await create({ url: `${base}/x`, eventTypes: ['offboarding.case_changed'], filters: { band: 'PURPLE' } });
  expect(badBand.data.createWebhookSubscription.userErrors.map((e: { code: string }) => e.code)).toEqual(['INVALID']);
});

describe('outbound targets', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ database: t.db });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('outside test configuration a subscription to http://127.0.0.1, or to a name that resolves to loopback, is refused', async () => {
    for (const url of [
      'http://127.0.0.1/hook', `${base}/hook`, 'https://localhost/hook', 'https://10.1.2.3/', 'https://169.254.169.254/latest/meta-data',
      'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://[fe80::1]/', 'https://[fd00::1]/', 'https://0.0.0.0/', 'https://192.168.1.10/',
      // other spellings of loopback, as URL parsing normalises them
      'https://2130706433/', 'https://0x7f.1/', 'https://0177.0.0.1/', 'https://127.1/',
    ]) {
      const res = await create({ url, eventTypes: ['offboarding.case_changed'] }, admin(), strict);
      expect([url, res.data.createWebhookSubscription.userErrors.map((e: { code: string }) => e.code)]).toEqual([url, ['TARGET_REFUSED']]);
    }
    const creds = await create({ url: 'https://user:pw@hooks.example/', eventTypes: ['offboarding.case_changed'] }, admin(), strict);
    expect(creds.data.createWebhookSubscription.userErrors[0].code).toBe('TARGET_REFUSED');
  });

  it('plain http is refused outside test configuration', () => {
    const config = testConfig({ NODE_ENV: 'development' });
    expect(config.webhooks.allowHttp).toBe(false);
    expect(config.webhooks.allowPrivateTargets).toBe(false);
    expect(testConfig().webhooks.allowHttp).toBe(true);
    expect(testConfig().webhooks.allowPrivateTargets).toBe(false);
  });

  it('at delivery time the name is resolved again and a private address is refused; the call goes to the address checked', async () => {
    // Made while the name pointed at a public address, then re-pointed at a private one.
    const made = await create({ url: 'https://hooks.partner.example/in', eventTypes: ['offboarding.case_changed'] }, admin(), strict);
    expect(made.data.createWebhookSubscription.userErrors).toEqual([]);
    const key = keyOf(made.data.createWebhookSubscription.webhookSubscription.id);
    await o.start((await o.customer()).gid, 'CUSTOMER');
    await relay(strict);
    const [outcome] = await work(key, strict, async () => [{ address: '10.0.0.5', family: 4 }]);
    expect(outcome).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^Refused: .*private/) });
    // A row changed behind the API's back is refused at delivery too.
    await t.sql.query('update webhook_subscription set url = $2 where id = $1', [key, `${base}/sneaky`]);
    t.clock.advance(3_600_000);
    const [again] = await work(key, strict);
    expect(again).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^Refused/) });
    expect(received.filter((r) => r.path === '/sneaky')).toEqual([]);
  });

  it('classifies special addresses, IPv4 inside IPv6 included', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::', 'ff02::1', 'nonsense']) {
      expect([ip, isSpecialAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34', '172.32.0.1']) {
      expect([ip, isSpecialAddress(ip)]).toEqual([ip, false]);
    }
  });
});

it('the README\'s example subscription runs as written, and its verification snippet accepts a real delivery', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const readme = (require('node:fs') as typeof import('node:fs')).readFileSync(`${__dirname}/../README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Webhooks'));
  const example = /```graphql\n([\s\S]*?)```/.exec(section)![1];
  const res = await t.gql(example, { token: admin() });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.createWebhookSubscription).toMatchObject({ userErrors: [], secret: expect.stringMatching(/^whsec_/), webhookSubscription: { status: 'ACTIVE' } });

  const snippet = /```js\n([\s\S]*?)```/.exec(section)![1];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const verifyKeel = new Function('require', `${snippet}\nreturn verifyKeel;`)(require) as (body: string, header: string, secret: string, tolerance?: number) => boolean;
  const made = (await create({ url: `${base}/readme`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  await work(keyOf(made.webhookSubscription.id));
  const hit = received.find((r) => r.path === '/readme')!;
  // The test clock is not the wall clock: no replay window here.
  expect(verifyKeel(hit.body, String(hit.headers['keel-signature']), made.secret, Infinity)).toBe(true);
  expect(verifyKeel(`${hit.body} `, String(hit.headers['keel-signature']), made.secret, Infinity)).toBe(false);
  expect(verifyKeel(hit.body, String(hit.headers['keel-signature']), made.secret)).toBe(false); // older than 5 minutes by the wall clock
});

it('deliveries are enqueued in the relay\'s transaction: a relay that fails enqueues nothing, and its retry enqueues once', async () => {
  const made = (await create({ url: `${base}/tx`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  const key = keyOf(made.webhookSubscription.id);
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await expect(relayOnce(t.orm.em, t.clock.now(), async () => {
    throw new Error('crashed before marking');
  }, 200, { modules: defaultModules, config: t.config })).rejects.toThrow('crashed');
  expect(await queued(key)).toEqual([]);
  await relay();
  await relay();
  expect(await queued(key)).toHaveLength(1);
});

it('client mistakes are userErrors or NOT_FOUND, never internal errors; every change is audited', async () => {
  const codes = async (input: Record<string, unknown>) => {
    const body = await create(input);
    expect(body.errors).toBeUndefined();
    return body.data.createWebhookSubscription.userErrors.map((e: { code: string }) => e.code);
  };
  expect(await codes({ url: `${base}/x`, eventTypes: [] })).toHaveLength(1);
  expect(await codes({ url: `${base}/x`, eventTypes: Array.from({ length: 101 }, () => 'feedback.received') })).toHaveLength(1);
  expect(await codes({ url: `https://example.com/${'x'.repeat(2001)}`, eventTypes: ['feedback.received'] })).toHaveLength(1);
  expect(await codes({ url: 'not a url', eventTypes: ['feedback.received'] })).toEqual(['TARGET_REFUSED']);
  expect(await codes({ url: 'ftp://example.com/', eventTypes: ['feedback.received'] })).toEqual(['TARGET_REFUSED']);
  expect(await codes({ url: `${base}/x`, eventTypes: ['feedback.received'], filters: { segmentId: 'nonsense' } })).toEqual(['UNKNOWN_SEGMENT']);
  const noSegment = Buffer.from('Segment:00000000-0000-4000-8000-000000000000').toString('base64url');
  expect(await codes({ url: `${base}/x`, eventTypes: ['feedback.received'], filters: { segmentId: noSegment } })).toEqual(['UNKNOWN_SEGMENT']);
  for (const id of ['nonsense', Buffer.from('Customer:00000000-0000-4000-8000-000000000000').toString('base64url')]) {
    expect((await mutate('resumeWebhookSubscription', { id })).errors[0].extensions.code).toBe('NOT_FOUND');
  }
  // A partner client may hold at most 100 subscriptions.
  const busy = await createPartnerToken(t, ['webhooks:manage', 'feedback:read']);
  await t.sql.query(
    `insert into webhook_subscription (id, created_at, updated_at, client_id, created_by, url, event_types, secret_encrypted, status)
     select gen_random_uuid(), now(), now(), $1, 'p', 'https://hooks.example/' || i, array['feedback.received'], 'x', 'ACTIVE' from generate_series(1, 99) i`,
    [busy.clientId],
  );
  expect((await create({ url: `${base}/one-more`, eventTypes: ['feedback.received'] }, busy.token)).data.createWebhookSubscription.userErrors).toEqual([]);
  const over = await create({ url: `${base}/too-many`, eventTypes: ['feedback.received'] }, busy.token);
  expect(over.data.createWebhookSubscription.userErrors.map((e: { code: string }) => e.code)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
  await t.sql.query('delete from webhook_subscription where client_id = $1', [busy.clientId]);

  const bad = await t.gql('{ webhookDeliveries(subscriptionId: "nonsense", first: 1000) { edges { node { id } } } }', { token: admin() });
  expect(bad.body.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');

  const made = (await create({ url: `${base}/audited`, eventTypes: ['feedback.received'] })).data.createWebhookSubscription;
  const id = made.webhookSubscription.id;
  await mutate('rotateWebhookSecret', { id });
  await mutate('pauseWebhookSubscription', { id });
  await mutate('resumeWebhookSubscription', { id });
  await t.gql('mutation($input: WebhookSubscriptionRefInput!) { deleteWebhookSubscription(input: $input) { deletedId } }', { token: admin(), variables: { input: { id } } });
  const { rows } = await t.sql.query(`select action, changes::text as changes from audit_event where entity_type = 'WebhookSubscription' and entity_id = $1 order by occurred_at, action`, [keyOf(id)]);
  expect(rows.map((r) => r.action).sort()).toEqual(['webhook.created', 'webhook.deleted', 'webhook.paused', 'webhook.resumed', 'webhook.secret_rotated']);
  expect(rows.map((r) => r.changes).join()).not.toContain(made.secret);
  expect((await t.sql.query('select count(*)::int as n from webhook_subscription where id = $1', [keyOf(id)])).rows[0].n).toBe(0);
});

it('every attempt is counted by outcome at /metrics, with the duration of its call', async () => {
  const series = async () => {
    const text = (await t.http.get('/metrics').expect(200)).text;
    const value = (name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? 0 : Number(line.slice(name.length + 1));
    };
    return {
      text,
      delivered: value('keel_webhook_deliveries_total{outcome="delivered"}'),
      retrying: value('keel_webhook_deliveries_total{outcome="retrying"}'),
      dropped: value('keel_webhook_deliveries_total{outcome="dropped"}'),
      deliveredTimed: value('keel_webhook_delivery_seconds_count{outcome="delivered"}'),
      retryingTimed: value('keel_webhook_delivery_seconds_count{outcome="retrying"}'),
      droppedTimed: value('keel_webhook_delivery_seconds_count{outcome="dropped"}'),
    };
  };
  const before = await series();
  expect(before.text).toContain('# TYPE keel_webhook_deliveries_total counter');
  expect(before.text).toContain('# TYPE keel_webhook_delivery_seconds histogram');

  const { webhookSubscription: sub } = (await create({ url: `${base}/metered`, eventTypes: ['offboarding.case_changed'] })).data.createWebhookSubscription;
  const key = keyOf(sub.id);
  answers.push({ status: 500 });
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  expect(await work(key)).toMatchObject([{ status: 'FAILED' }]);
  t.clock.set((await queued(key))[0].startAfter);
  expect(await work(key)).toMatchObject([{ status: 'SUCCEEDED' }]);
  expect(received).toHaveLength(2);

  // An attempt of a paused subscription is dropped: counted, with no call to time.
  await o.start((await o.customer()).gid, 'CUSTOMER');
  await relay();
  expect(await mutate('pauseWebhookSubscription', { id: sub.id })).toMatchObject({ data: { pauseWebhookSubscription: { userErrors: [] } } });
  expect(await work(key)).toMatchObject([{ status: 'DROPPED' }]);
  expect(received).toHaveLength(2);

  const after = await series();
  expect({
    delivered: after.delivered - before.delivered,
    retrying: after.retrying - before.retrying,
    dropped: after.dropped - before.dropped,
    deliveredTimed: after.deliveredTimed - before.deliveredTimed,
    retryingTimed: after.retryingTimed - before.retryingTimed,
    droppedTimed: after.droppedTimed - before.droppedTimed,
  }).toEqual({ delivered: 1, retrying: 1, dropped: 1, deliveredTimed: 1, retryingTimed: 1, droppedTimed: 0 });
  // The labels name outcomes only: no subscription, event or URL.
  expect(after.text).not.toContain(key);
  expect(after.text).not.toContain('/metered');
});

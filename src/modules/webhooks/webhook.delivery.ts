// Delivering events to webhook subscriptions. The relay hands each published batch to `webhookConsumer`
// in its own transaction, which enqueues one message per matching subscription and event on the
// delivery queue; a worker makes one attempt per message (`attemptDelivery`, a plain function of its
// dependencies, the clock's time and the message), records it, and after a failure enqueues the next
// attempt with exponential backoff and jitter, until the retry period is over: then the subscription
// is paused with the reason. A body carries the event's id, so that receivers can de-duplicate.
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { JOB_QUEUE_SCHEMA } from '../../../migrations/Migration20261201000300_job_queue';
import { recordAudit } from '../../audit/audit.writer';
import { can } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { PublishedEvent } from '../../events/bus';
import { contributionsOf, type DomainEventType, type KeelModule, type OutboxConsumer } from '../../module';
import { activePartnerViewer } from '../access/public';
import { customerCapabilities } from '../customers/public';
import { DELIVERY_QUEUE } from './migrations/Migration20261201900100_webhooks';
import { decryptSecret, signatureHeader } from './webhook-secret.crypto';
import { recordDelivery } from './webhook.metrics';
import { type Lookup, parseTarget, resolveTarget, systemLookup, TargetRefused } from './webhook.targets';
import type { WebhookSettings } from './webhooks.config';

export { DELIVERY_QUEUE };

/** One attempt's message on the queue: ids only; the event and the subscription are read when it runs. */
export interface DeliveryMessage {
  subscriptionId: string;
  eventId: string;
  attempt: number;
  /** When the first attempt of this delivery was due: the retry period counts from it. */
  firstAttemptAt: string;
}

const EXCERPT_CHARS = 500;
const EXCERPT_BYTES = 2048;

/** A uuid derived from the delivery, so that enqueueing the same first attempt twice adds nothing. */
function deliveryIdOf(subscriptionId: string, eventId: string): string {
  const h = createHash('sha256').update(`${subscriptionId}/${eventId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Puts one attempt on the delivery queue, due at `startAfter`, in the caller's transaction. */
export async function enqueueDelivery(trx: Knex, message: DeliveryMessage, startAfter: Date, id: string = randomUUID()): Promise<void> {
  await trx.raw(
    `insert into ${JOB_QUEUE_SCHEMA}.job (id, name, data, start_after, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, policy, dead_letter)
     select ?::uuid, q.name, ?::jsonb, ?::timestamptz, coalesce(q.retry_limit, 2), coalesce(q.retry_delay, 60), false,
            coalesce(q.expire_seconds, 120) * interval '1 second', ?::timestamptz + interval '14 days', q.policy, q.dead_letter
       from ${JOB_QUEUE_SCHEMA}.queue q where q.name = ?
     on conflict do nothing`,
    [id, JSON.stringify(message), startAfter, startAfter, DELIVERY_QUEUE],
  );
}

interface SubscriptionRow {
  id: string;
  client_id: string | null;
  url: string;
  event_types: string[];
  filter_segment_id: string | null;
  filter_band: string | null;
  filter_region: string | null;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | string | null;
  status: string;
}

/** Whether the event's customer meets the subscription's filters (as of now); no customer, no match. */
async function matchesFilters(em: EntityManager, trx: Knex, s: SubscriptionRow, event: PublishedEvent, now: Date, modules: KeelModule[]): Promise<boolean> {
  if (!s.filter_segment_id && !s.filter_band && !s.filter_region) return true;
  if (!event.customerKey) return false;
  const q = trx.queryBuilder().select(trx.raw('1 as hit')).from('customer as c').where('c.id', event.customerKey);
  if (s.filter_region) {
    const region = contributionsOf(modules, 'customerAttributes').find((a) => a.name === 'customers.region');
    if (!region) return false;
    q.where(region.sql(trx, now) as never, s.filter_region);
  }
  if (s.filter_band) {
    const band = contributionsOf(modules, 'customerFilters').find((f) => f.name === 'risk.band');
    if (!band) return false;
    band.apply(q, [s.filter_band], undefined as never);
  }
  if (s.filter_segment_id) {
    const group = contributionsOf(modules, 'customerGroups').find((g) => g.typeName === 'Segment');
    const members = group ? await group.members(em, s.filter_segment_id) : null;
    if (!members) return false;
    q.whereIn('c.id', members.query);
  }
  return (await q.first()) != null;
}

/** The relay's hand-over: a first attempt for every active subscription that a published event matches. */
export const webhookConsumer: OutboxConsumer = {
  source: 'webhooks',
  async consume(events, { em, trx, now, modules }) {
    const types = [...new Set(events.map((e) => e.type))];
    const subscriptions: SubscriptionRow[] = await trx('webhook_subscription')
      .select('id', 'client_id', 'url', 'event_types', 'filter_segment_id', 'filter_band', 'filter_region', 'status')
      .where('status', 'ACTIVE')
      .whereRaw('event_types && ?::text[]', [types]);
    if (!subscriptions.length) return;
    for (const event of events) {
      for (const s of subscriptions) {
        if (!s.event_types.includes(event.type)) continue;
        if (!(await matchesFilters(em, trx, s, event, now, modules))) continue;
        const message: DeliveryMessage = { subscriptionId: s.id, eventId: event.id, attempt: 1, firstAttemptAt: now.toISOString() };
        await enqueueDelivery(trx, message, now, deliveryIdOf(s.id, event.id));
      }
    }
  },
};

/** Equal jitter: half the exponential delay, plus up to as much again at random. */
export function backoffSeconds(settings: WebhookSettings, failedAttempt: number, random: () => number = Math.random): number {
  const exp = Math.min(settings.retryMaxSeconds, settings.retryBaseSeconds * 2 ** Math.min(30, failedAttempt - 1));
  return exp / 2 + (exp / 2) * random();
}

/** Who the subscription speaks for: ADMIN for staff's, the client with its current scopes for a partner's. */
async function ownerOf(knex: Knex, s: SubscriptionRow, now: Date): Promise<Viewer | null> {
  if (!s.client_id) return { kind: 'staff', subject: 'webhooks', staffUserId: null, roles: ['ADMIN'], name: null, email: null };
  return activePartnerViewer(knex, s.client_id, now);
}

/** What a subscriber may see of a type: declared to be readable by it, and the capability granted. */
export function mayReceive(viewer: Viewer, type: DomainEventType | undefined): boolean {
  if (!type) return false;
  if (viewer.kind === 'staff') return viewer.roles.includes('ADMIN');
  return type.capability !== undefined && can(viewer, type.capability);
}

/**
 * The event's data as the subscriber may see it: only the fields its type declares (whatever else a
 * raising statement wrote stays in Keel, reasons for a bank-initiated exit among them), and the
 * customer's id only for those who may read customers.
 */
export function payloadFor(type: DomainEventType, payload: Record<string, unknown>, viewer: Viewer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(type.payload)) {
    if (!(field in payload)) continue;
    if (field === 'customerId' && !can(viewer, customerCapabilities.read)) continue;
    out[field] = payload[field];
  }
  return out;
}

export interface CallResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  excerpt: string | null;
  durationMs: number;
}

/** One POST to the pinned address, no redirects followed, within the time limit; reads a small excerpt only. */
function post(url: URL, pinned: { address: string; family: number }, body: string, headers: Record<string, string>, timeoutMs: number): Promise<CallResult> {
  const started = Date.now();
  const lookup: LookupFunction = (_host, options, callback) => {
    const cb = callback as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
    if ((options as { all?: boolean }).all) cb(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<CallResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const req = client.request({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup,
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const code = res.statusCode ?? 0;
        const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS) || null;
        res.destroy();
        if (code >= 200 && code < 300) done({ ok: true, responseCode: code, error: null, excerpt });
        else if (code >= 300 && code < 400) done({ ok: false, responseCode: code, error: 'Redirects are not followed', excerpt });
        else done({ ok: false, responseCode: code, error: `The receiver answered HTTP ${code}`, excerpt });
      };
      res.on('data', (chunk: Buffer) => {
        if (size < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - size));
        size += chunk.length;
        if (size >= EXCERPT_BYTES) finish();
      });
      res.on('end', finish);
      res.on('error', (err) => done({ ok: false, responseCode: res.statusCode ?? null, error: err.message.slice(0, 200), excerpt: null }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, responseCode: null, error: `No answer within ${timeoutMs} ms`, excerpt: null });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, responseCode: null, error: `${err.code ?? 'ERROR'}: ${err.message}`.slice(0, 200), excerpt: null }));
    req.end(body);
  });
}

export interface DeliveryDeps {
  em: EntityManager;
  now: Date;
  config: Config;
  modules: KeelModule[];
  /** Name resolution (tests pin names to addresses). */
  lookup?: Lookup;
  random?: () => number;
}

export type AttemptOutcome =
  | { status: 'SUCCEEDED'; responseCode: number }
  | { status: 'FAILED'; error: string; nextAttemptAt: Date | null; paused: boolean }
  | { status: 'DROPPED'; reason: string };

/** Pauses an active subscription with the reason, inside `em`'s transaction. */
async function pause(em: EntityManager, subscriptionId: string, reason: string, now: Date): Promise<void> {
  const trx = em.getTransactionContext() as Knex;
  await trx('webhook_subscription')
    .update({ status: 'PAUSED', paused_reason: reason.slice(0, 500), paused_at: now, updated_at: now })
    .where({ id: subscriptionId, status: 'ACTIVE' });
  recordAudit(em, { viewer: null, requestId: null, now }, { action: 'webhook.paused', entityType: 'WebhookSubscription', entityId: subscriptionId, changes: [{ field: 'status', old: 'ACTIVE', new: 'PAUSED' }] });
  await em.flush();
}

function dropped(reason: string): AttemptOutcome {
  recordDelivery('dropped');
  return { status: 'DROPPED', reason };
}

/** One delivery attempt: sign, POST, record; then the next attempt, or the pause after the retry period. */
export async function attemptDelivery(deps: DeliveryDeps, raw: unknown): Promise<AttemptOutcome> {
  const message = raw as DeliveryMessage;
  const settings = deps.config.webhooks;
  const knex = deps.em.getKnex();
  const s: SubscriptionRow | undefined = await knex('webhook_subscription').where('id', message.subscriptionId).first();
  if (!s) return dropped('the subscription was deleted');
  if (s.status !== 'ACTIVE') return dropped('the subscription is paused');
  const event = await knex('domain_event').select('id', 'type', 'occurred_at', 'payload').where('id', message.eventId).first();
  if (!event) return dropped('no such event');

  const owner = await ownerOf(knex, s, deps.now);
  if (!owner) {
    await deps.em.fork().transactional((em) => pause(em, s.id, 'The API client that owns it was revoked or has expired', deps.now));
    return dropped('the owner\'s access has ended');
  }
  const type = contributionsOf(deps.modules, 'events').find((t) => t.type === event.type);
  const body = JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: new Date(event.occurred_at).toISOString(),
    data: type && mayReceive(owner, type) ? payloadFor(type, event.payload, owner) : {},
  });

  let result: CallResult;
  if (!mayReceive(owner, type)) {
    result = { ok: false, responseCode: null, error: `The owner's scopes no longer let it read ${event.type} events`, excerpt: null, durationMs: 0 };
  } else {
    try {
      const target = parseTarget(s.url, settings);
      const pinned = await resolveTarget(target, settings, deps.lookup ?? systemLookup);
      const secrets = [decryptSecret(settings, s.secret_encrypted, s.id)];
      if (s.previous_secret_encrypted && s.previous_secret_expires_at && new Date(s.previous_secret_expires_at) > deps.now) {
        secrets.push(decryptSecret(settings, s.previous_secret_encrypted, s.id));
      }
      const timestamp = Math.floor(deps.now.getTime() / 1000);
      result = await post(target.url, pinned, body, {
        'content-type': 'application/json',
        'user-agent': 'Keel-Webhooks/1',
        'keel-event-id': event.id,
        'keel-event-type': event.type,
        'keel-delivery-attempt': String(message.attempt),
        'keel-signature': signatureHeader(secrets, timestamp, body),
      }, settings.timeoutMs);
    } catch (err) {
      const why = err instanceof TargetRefused ? `Refused: ${err.message}` : `Not sent: ${(err as Error).message}`;
      result = { ok: false, responseCode: null, error: why.slice(0, 300), excerpt: null, durationMs: 0 };
    }
  }

  const first = new Date(message.firstAttemptAt);
  const retryable = mayReceive(owner, type);
  const next = result.ok || !retryable ? null : new Date(deps.now.getTime() + backoffSeconds(settings, message.attempt, deps.random) * 1000);
  const withinPeriod = next !== null && next.getTime() <= first.getTime() + settings.retryHours * 3_600_000;
  await deps.em.fork().transactional(async (em) => {
    const trx = em.getTransactionContext() as Knex;
    await trx('webhook_delivery').insert({
      id: randomUUID(),
      subscription_id: s.id,
      event_id: event.id,
      event_type: event.type,
      attempt: message.attempt,
      status: result.ok ? 'SUCCEEDED' : 'FAILED',
      response_code: result.responseCode,
      duration_ms: Math.max(0, Math.round(result.durationMs)),
      error: result.error?.slice(0, 500) ?? null,
      response_excerpt: result.excerpt?.slice(0, 500) ?? null,
      attempted_at: deps.now,
      next_attempt_at: withinPeriod ? next : null,
    });
    if (result.ok) return;
    if (withinPeriod) {
      await enqueueDelivery(trx, { ...message, attempt: message.attempt + 1 }, next!);
    } else if (retryable) {
      await pause(em, s.id, `Deliveries failed for ${settings.retryHours} h; the last error: ${result.error ?? 'unknown'}`, deps.now);
    }
  });
  recordDelivery(result.ok ? 'delivered' : withinPeriod ? 'retrying' : 'dead', result.durationMs);
  if (result.ok) return { status: 'SUCCEEDED', responseCode: result.responseCode! };
  return { status: 'FAILED', error: result.error ?? 'failed', nextAttemptAt: withinPeriod ? next : null, paused: !withinPeriod && retryable };
}

// Read SQL for webhooks, returning plain objects shaped like the views. Secrets are never selected.
import type { Knex } from '@mikro-orm/postgresql';
import { reachOf } from '../../auth/permissions';
import { notFound } from '../../domain/errors';
import { reader, type Context } from '../../graphql/context';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { webhookCapabilities } from './permissions';
import type { WebhookDeliveryStatus, WebhookDeliveryView, WebhookSubscriptionStatus, WebhookSubscriptionView } from './webhook.type';

const SUBSCRIPTION_COLUMNS = [
  'id', 'created_at', 'client_id', 'created_by', 'url', 'event_types', 'filter_segment_id', 'filter_band', 'filter_region',
  'previous_secret_expires_at', 'secret_rotated_at', 'status', 'paused_reason', 'paused_at',
];

const toDate = (v: string | Date | null): Date | null => (v == null ? null : new Date(v));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toSubscription(r: any, now: Date): WebhookSubscriptionView {
  const previousUntil = toDate(r.previous_secret_expires_at);
  return {
    __typename: 'WebhookSubscription',
    id: toGlobalId('WebhookSubscription', r.id),
    key: r.id,
    url: r.url,
    eventTypes: r.event_types,
    filters: {
      segmentId: r.filter_segment_id ? toGlobalId('Segment', r.filter_segment_id) : null,
      band: r.filter_band,
      region: r.filter_region,
    },
    status: r.status,
    pausedReason: r.paused_reason,
    pausedAt: toDate(r.paused_at),
    apiClientId: r.client_id ? toGlobalId('ApiClient', r.client_id) : null,
    createdBy: r.created_by,
    createdAt: toDate(r.created_at)!,
    secretRotatedAt: toDate(r.secret_rotated_at),
    previousSecretExpiresAt: previousUntil && previousUntil > now ? previousUntil : null,
  } as WebhookSubscriptionView;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toDelivery(r: any): WebhookDeliveryView {
  return {
    __typename: 'WebhookDelivery',
    id: toGlobalId('WebhookDelivery', r.id),
    key: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    attempt: r.attempt,
    status: r.status,
    responseCode: r.response_code,
    durationMs: r.duration_ms,
    error: r.error,
    responseExcerpt: r.response_excerpt,
    attemptedAt: toDate(r.attempted_at)!,
    nextAttemptAt: toDate(r.next_attempt_at),
  } as WebhookDeliveryView;
}

/** The subscriptions within the viewer's reach: all for ADMIN, a partner's own client's only. */
function visibleSubscriptions(ctx: Context, alias = 'webhook_subscription'): Knex.QueryBuilder {
  const reach = reachOf(ctx.viewer, webhookCapabilities.manage);
  const q = reader(ctx)(alias === 'webhook_subscription' ? 'webhook_subscription' : `webhook_subscription as ${alias}`);
  if (reach === null) return q.whereRaw('false');
  if (reach.kind === 'OWN_CLIENT') q.where(`${alias}.client_id`, reach.clientId);
  else if (reach.kind !== 'ALL') q.whereRaw('false');
  return q;
}

export async function webhookSubscriptionsByKeys(ctx: Context, keys: readonly string[]): Promise<WebhookSubscriptionView[]> {
  if (keys.length === 0) return [];
  const rows = await visibleSubscriptions(ctx).select(SUBSCRIPTION_COLUMNS).whereIn('id', [...keys]);
  return rows.map((r: unknown) => toSubscription(r, ctx.now));
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listWebhookSubscriptions(ctx: Context, filter: { statusIn?: WebhookSubscriptionStatus[] }, page: PageRequest) {
  const base = visibleSubscriptions(ctx);
  if (filter.statusIn?.length) base.whereIn('status', filter.statusIn);
  const descending = !page.backward;
  const q = base.clone().select(SUBSCRIPTION_COLUMNS);
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(created_at, id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  q.orderBy([{ column: 'created_at', order: descending ? 'desc' : 'asc' }, { column: 'id', order: descending ? 'desc' : 'asc' }]).limit(page.size + 1);
  const rows = await q;
  return toConnection(
    rows,
    page,
    (r: { created_at: string | Date; id: string }) => [new Date(r.created_at).toISOString(), r.id],
    (r) => toSubscription(r, ctx.now),
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

const DELIVERY_COLUMNS = ['d.id', 'd.event_id', 'd.event_type', 'd.attempt', 'd.status', 'd.response_code', 'd.duration_ms', 'd.error', 'd.response_excerpt', 'd.attempted_at', 'd.next_attempt_at'];

export async function webhookDeliveriesByKeys(ctx: Context, keys: readonly string[]): Promise<WebhookDeliveryView[]> {
  if (keys.length === 0) return [];
  const rows = await reader(ctx)('webhook_delivery as d').select(DELIVERY_COLUMNS).whereIn('d.id', [...keys])
    .whereIn('d.subscription_id', visibleSubscriptions(ctx).select('id'));
  return rows.map(toDelivery);
}

/** A subscription's attempts, newest first; a subscription outside the viewer's reach does not exist. */
export async function listWebhookDeliveries(
  ctx: Context,
  subscriptionKey: string,
  filter: { statusIn?: WebhookDeliveryStatus[]; eventId?: string },
  page: PageRequest,
) {
  const found = await visibleSubscriptions(ctx).select('id').where('id', subscriptionKey).first();
  if (!found) notFound('WebhookSubscription');
  const base = reader(ctx)('webhook_delivery as d').where('d.subscription_id', subscriptionKey);
  if (filter.statusIn?.length) base.whereIn('d.status', filter.statusIn);
  if (filter.eventId !== undefined) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(filter.eventId)) base.whereRaw('false');
    else base.where('d.event_id', filter.eventId);
  }
  const descending = !page.backward;
  const q = base.clone().select(DELIVERY_COLUMNS);
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(d.attempted_at, d.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  q.orderBy([{ column: 'd.attempted_at', order: descending ? 'desc' : 'asc' }, { column: 'd.id', order: descending ? 'desc' : 'asc' }]).limit(page.size + 1);
  const rows = await q;
  return toConnection(
    rows,
    page,
    (r: { attempted_at: string | Date; id: string }) => [new Date(r.attempted_at).toISOString(), r.id],
    toDelivery,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

// Webhook subscriptions: create (the secret returned once), rotate the secret with an overlap, pause,
// resume, delete, and redeliver an event. One transaction each, with its audit event; a partner acts
// on its own client's subscriptions only, and others do not exist for it.
import { LockMode } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import { can, reachOf } from '../../auth/permissions';
import { actorOf, type Viewer } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { forbidden, invalid, notFound, problem, type Problem } from '../../domain/errors';
import { contributionsOf, type KeelModule } from '../../module';
import { customerCapabilities } from '../customers/public';
import { RiskBand } from '../risk/public';
import { newSigningSecret, encryptSecret } from './webhook-secret.crypto';
import { WebhookSubscription, WebhookSubscriptionStatus } from './webhook-subscription.entity';
import { enqueueDelivery, mayReceive } from './webhook.delivery';
import { refuse, WebhookErrorCode } from './webhook.errors';
import { type Lookup, parseTarget, resolveTarget, systemLookup, TargetRefused } from './webhook.targets';
import { webhookCapabilities } from './permissions';

export type WebhookDeps = ServiceDeps & { modules: KeelModule[]; lookup?: Lookup };

/** Subscriptions one owner (a partner client, or staff together) may have: each event fans out to all of them. */
export const MAX_SUBSCRIPTIONS_PER_OWNER = 100;

/** A new subscription as the service takes it: ids decoded to keys by the caller. */
export interface SubscriptionSpec {
  url: string;
  eventTypes: string[];
  filters: {
    /** Absent: no segment filter; null: an id that names no segment. */
    segmentKey?: string | null;
    band?: string | null;
    region?: string | null;
  };
}

export interface IssuedSecret {
  key: string;
  /** The signing secret, to hand to the caller once. */
  secret: string;
}

/** The client whose subscriptions the viewer manages: null for ADMIN (all), the partner's own otherwise. */
function ownerScope(viewer: Viewer | null): { clientId: string | null } {
  const reach = reachOf(viewer, webhookCapabilities.manage);
  if (reach === null) return forbidden('Not allowed to manage webhooks');
  return { clientId: reach.kind === 'OWN_CLIENT' ? reach.clientId : null };
}

/** What the rules refuse in a creation input, before anything is resolved or written. */
export function createProblems(input: SubscriptionSpec, viewer: Viewer | null, modules: KeelModule[], settings: ServiceDeps['config']['webhooks']): Problem[] {
  const problems: Problem[] = [];
  try {
    parseTarget(input.url, settings);
  } catch (err) {
    if (!(err instanceof TargetRefused)) throw err;
    problems.push(problem(['input', 'url'], WebhookErrorCode.TARGET_REFUSED, err.message));
  }
  const declared = new Map(contributionsOf(modules, 'events').map((e) => [e.type, e]));
  (input.eventTypes ?? []).forEach((type, i) => {
    const declaredType = declared.get(type);
    if (!declaredType) {
      problems.push(problem(['input', 'eventTypes', String(i)], WebhookErrorCode.UNKNOWN_EVENT_TYPE, `Unknown event type "${String(type).slice(0, 100)}"; types are: ${[...declared.keys()].join(', ')}`));
    } else if (!viewer || !mayReceive(viewer, declaredType)) {
      problems.push(problem(['input', 'eventTypes', String(i)], WebhookErrorCode.EVENT_TYPE_NOT_ALLOWED, `Your scopes do not let you read ${type} events`));
    }
  });
  const f = input.filters;
  if (f.band != null) {
    const band = contributionsOf(modules, 'customerFilters').find((x) => x.name === 'risk.band');
    if (!band || !can(viewer, band.capability)) problems.push(problem(['input', 'filters', 'band'], WebhookErrorCode.FILTER_NOT_ALLOWED, 'You may not read risk bands'));
    else if (!(Object.values(RiskBand) as string[]).includes(f.band)) problems.push(problem(['input', 'filters', 'band'], WebhookErrorCode.INVALID, `Bands are ${Object.values(RiskBand).join(', ')}`));
  }
  if (f.region != null) {
    const region = contributionsOf(modules, 'customerAttributes').find((a) => a.name === 'customers.region');
    if (!region || !can(viewer, region.capability) || !can(viewer, customerCapabilities.read)) {
      problems.push(problem(['input', 'filters', 'region'], WebhookErrorCode.FILTER_NOT_ALLOWED, 'You may not read customers\' regions'));
    }
  }
  if (f.segmentKey !== undefined) {
    const group = contributionsOf(modules, 'customerGroups').find((g) => g.typeName === 'Segment');
    if (!group || !can(viewer, group.capability)) problems.push(problem(['input', 'filters', 'segmentId'], WebhookErrorCode.FILTER_NOT_ALLOWED, 'You may not read segments'));
    else if (f.segmentKey === null) problems.push(problem(['input', 'filters', 'segmentId'], WebhookErrorCode.UNKNOWN_SEGMENT, 'No such segment'));
  }
  return problems;
}

/** Resolves the URL's host now too: a name that points at a private address is refused up front. */
async function checkResolvedTarget(url: string, deps: WebhookDeps): Promise<void> {
  const settings = deps.config.webhooks;
  const target = parseTarget(url, settings);
  if (target.literal) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      resolveTarget(target, settings, deps.lookup ?? systemLookup),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 2000);
        timer.unref();
      }),
    ]);
  } catch (err) {
    // A name that does not resolve yet is accepted (each delivery checks again); one that resolves to
    // a refused address is not.
    if (err instanceof TargetRefused && /resolves to/.test(err.message)) refuse(WebhookErrorCode.TARGET_REFUSED, err.message, ['input', 'url']);
  } finally {
    clearTimeout(timer);
  }
}

export async function createWebhookSubscription(deps: WebhookDeps, input: SubscriptionSpec): Promise<IssuedSecret> {
  const problems = createProblems(input, deps.viewer, deps.modules, deps.config.webhooks);
  if (problems.length) invalid(problems);
  const { clientId } = ownerScope(deps.viewer);
  await checkResolvedTarget(input.url, deps);
  const segmentKey = input.filters.segmentKey ?? null;
  return deps.em.transactional(async (em) => {
    const trx = em.getTransactionContext() as Knex;
    // One owner's creations queue behind each other, so that racing ones cannot pass the cap together.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`webhook_subscription:${clientId ?? 'staff'}`]);
    const owned = await trx('webhook_subscription').count({ n: '*' }).where((w) => (clientId ? w.where('client_id', clientId) : w.whereNull('client_id'))).first();
    if (Number(owned?.n ?? 0) >= MAX_SUBSCRIPTIONS_PER_OWNER) {
      refuse(WebhookErrorCode.TOO_MANY_SUBSCRIPTIONS, `At most ${MAX_SUBSCRIPTIONS_PER_OWNER} subscriptions; delete one first`);
    }
    if (segmentKey) {
      const group = contributionsOf(deps.modules, 'customerGroups').find((g) => g.typeName === 'Segment');
      if (!group || !(await group.members(em, segmentKey))) refuse(WebhookErrorCode.UNKNOWN_SEGMENT, 'No such segment', ['input', 'filters', 'segmentId']);
    }
    const secret = newSigningSecret();
    const sub = em.create(WebhookSubscription, {
      createdAt: deps.now,
      updatedAt: deps.now,
      clientId,
      createdBy: actorOf(deps.viewer).id,
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)].sort(),
      filterSegmentId: segmentKey,
      filterBand: input.filters.band ?? null,
      filterRegion: input.filters.region ?? null,
      secretEncrypted: 'pending',
      status: WebhookSubscriptionStatus.ACTIVE,
    });
    sub.secretEncrypted = encryptSecret(deps.config.webhooks, secret, sub.id);
    recordAudit(em, deps, {
      action: 'webhook.created',
      entityType: 'WebhookSubscription',
      entityId: sub.id,
      changes: [{ field: 'url', old: null, new: sub.url }, { field: 'eventTypes', old: null, new: sub.eventTypes }, { field: 'secret' }],
    });
    return { key: sub.id, secret };
  });
}

/** The subscription, locked, if the viewer manages it; otherwise it does not exist. */
async function load(em: EntityManager, viewer: Viewer | null, key: string): Promise<WebhookSubscription> {
  const { clientId } = ownerScope(viewer);
  const sub = await em.findOne(WebhookSubscription, clientId ? { id: key, clientId } : { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!sub) notFound('WebhookSubscription');
  return sub;
}

export async function rotateWebhookSecret(deps: WebhookDeps, key: string): Promise<IssuedSecret> {
  return deps.em.transactional(async (em) => {
    const sub = await load(em, deps.viewer, key);
    const secret = newSigningSecret();
    const overlapMs = deps.config.webhooks.secretOverlapHours * 3_600_000;
    sub.previousSecretEncrypted = overlapMs > 0 ? sub.secretEncrypted : null;
    sub.previousSecretExpiresAt = overlapMs > 0 ? new Date(deps.now.getTime() + overlapMs) : null;
    sub.secretEncrypted = encryptSecret(deps.config.webhooks, secret, sub.id);
    sub.secretRotatedAt = deps.now;
    sub.updatedAt = deps.now;
    recordAudit(em, deps, { action: 'webhook.secret_rotated', entityType: 'WebhookSubscription', entityId: sub.id, changes: [{ field: 'secret' }] });
    return { key: sub.id, secret };
  });
}

export async function pauseWebhookSubscription(deps: WebhookDeps, key: string, reason: string | null | undefined): Promise<{ key: string }> {
  return deps.em.transactional(async (em) => {
    const sub = await load(em, deps.viewer, key);
    if (sub.status !== WebhookSubscriptionStatus.ACTIVE) refuse(WebhookErrorCode.NOT_ACTIVE, 'The subscription is paused already');
    const who = actorOf(deps.viewer);
    sub.status = WebhookSubscriptionStatus.PAUSED;
    sub.pausedAt = deps.now;
    sub.pausedReason = `Paused by ${who.id}${reason?.trim() ? `: ${reason.trim()}` : ''}`;
    sub.updatedAt = deps.now;
    recordAudit(em, deps, { action: 'webhook.paused', entityType: 'WebhookSubscription', entityId: sub.id, changes: [{ field: 'status', old: 'ACTIVE', new: 'PAUSED' }] });
    return { key: sub.id };
  });
}

export async function resumeWebhookSubscription(deps: WebhookDeps, key: string): Promise<{ key: string }> {
  return deps.em.transactional(async (em) => {
    const sub = await load(em, deps.viewer, key);
    if (sub.status !== WebhookSubscriptionStatus.PAUSED) refuse(WebhookErrorCode.NOT_PAUSED, 'The subscription is not paused');
    sub.status = WebhookSubscriptionStatus.ACTIVE;
    sub.pausedAt = null;
    sub.pausedReason = null;
    sub.updatedAt = deps.now;
    recordAudit(em, deps, { action: 'webhook.resumed', entityType: 'WebhookSubscription', entityId: sub.id, changes: [{ field: 'status', old: 'PAUSED', new: 'ACTIVE' }] });
    return { key: sub.id };
  });
}

export async function deleteWebhookSubscription(deps: WebhookDeps, key: string): Promise<{ key: string }> {
  return deps.em.transactional(async (em) => {
    const sub = await load(em, deps.viewer, key);
    recordAudit(em, deps, { action: 'webhook.deleted', entityType: 'WebhookSubscription', entityId: sub.id, changes: [{ field: 'url', old: sub.url, new: null }] });
    em.remove(sub);
    return { key };
  });
}

/** A fresh delivery of an event the subscription names, from attempt 1, due now. */
export async function redeliverWebhookEvent(deps: WebhookDeps, key: string, eventId: string): Promise<{ key: string }> {
  return deps.em.transactional(async (em) => {
    const sub = await load(em, deps.viewer, key);
    if (sub.status !== WebhookSubscriptionStatus.ACTIVE) refuse(WebhookErrorCode.NOT_ACTIVE, 'Resume the subscription first', ['input', 'subscriptionId']);
    const trx = em.getTransactionContext() as Knex;
    const event = await trx('domain_event').select('id', 'type').where('id', eventId).whereNotNull('published_at').first();
    if (!event || !sub.eventTypes.includes(event.type)) refuse(WebhookErrorCode.UNKNOWN_EVENT, 'No such event of the types this subscription receives', ['input', 'eventId']);
    await enqueueDelivery(trx, { subscriptionId: sub.id, eventId: event.id, attempt: 1, firstAttemptAt: deps.now.toISOString() }, deps.now);
    recordAudit(em, deps, { action: 'webhook.redelivery_requested', entityType: 'WebhookSubscription', entityId: sub.id, changes: [{ field: 'eventId', old: null, new: event.id }] });
    return { key: sub.id };
  });
}

import { reader, type Context } from '../../graphql/context';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import type { AuditEventView } from './audit.type';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAuditEvent(r: any): AuditEventView {
  return {
    __typename: 'AuditEvent',
    id: toGlobalId('AuditEvent', r.id),
    key: r.id,
    occurredAt: new Date(r.occurred_at),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id ? toGlobalId(r.entity_type, r.entity_id) : null,
    customerId: r.customer_id ? toGlobalId('Customer', r.customer_id) : null,
    changes: r.changes,
    requestId: r.request_id,
  } as AuditEventView;
}

export interface AuditFilter {
  customerKey?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** Newest first, keyset on (occurred_at, id). */
export async function listAuditEvents(ctx: Context, filter: AuditFilter, page: PageRequest) {
  const knex = reader(ctx);
  const base = knex('audit_event as e');
  if (filter.customerKey) base.where('e.customer_id', filter.customerKey);
  if (filter.actorId) base.where('e.actor_id', filter.actorId);
  if (filter.action) base.where('e.action', filter.action);
  if (filter.from) base.where('e.occurred_at', '>=', filter.from);
  if (filter.to) base.where('e.occurred_at', '<', filter.to);
  const descending = !page.backward;
  const q = base.clone().select('e.*');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(e.occurred_at, e.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  q.orderBy([{ column: 'e.occurred_at', order: descending ? 'desc' : 'asc' }, { column: 'e.id', order: descending ? 'desc' : 'asc' }]).limit(page.size + 1);
  const rows = await q;
  return toConnection(
    rows,
    page,
    (r) => [new Date(r.occurred_at).toISOString(), r.id],
    toAuditEvent,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

export async function auditEventsByKeys(ctx: Context, keys: readonly string[]): Promise<AuditEventView[]> {
  return (await reader(ctx)('audit_event').select('*').whereIn('id', [...keys])).map(toAuditEvent);
}

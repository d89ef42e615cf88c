// Read SQL for incidents. An incident is within a viewer's reach when their capability reaches every
// customer, or (a relationship manager) when it touched a customer in their book or they opened it. Its
// customers and complaints are bounded again, each by its own capability.
import type { Knex } from '@mikro-orm/postgresql';
import { type Capability, reachOf } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { type Context, reader } from '../../graphql/context';
import { cursorValues, type KeyPart, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { customerCapabilities, customerLoader, ofVisibleCustomers } from '../customers/public';
import type { FeedbackSeverity } from './feedback.entity';
import { toDate, toFeedback } from './feedback.queries';
import type { IncidentChannel, IncidentKind, IncidentStatus } from './incident.entity';
import type { IncidentUpdateView, IncidentView } from './incident.type';
import { feedbackCapabilities } from './permissions';

/** Incidents (aliased `i`) within the reach of the viewer's `cap`. */
export function incidentsWithinReach(knex: Knex, viewer: Viewer | null, cap: Capability): Knex.QueryBuilder {
  const q = knex('incident as i');
  const reach = reachOf(viewer, cap);
  if (reach === null) return q.whereRaw('false');
  if (reach.kind === 'ALL') return q;
  const touching = ofVisibleCustomers(
    knex('incident_customer as ic').select(knex.raw('1')).whereRaw('ic.incident_id = i.id'),
    { viewer } as Context, 'ic.customer_id', cap,
  );
  return q.where((w) => {
    w.whereExists(touching);
    if (viewer?.kind === 'staff') w.orWhere((o) => o.where('i.opened_by_kind', 'staff').andWhere('i.opened_by', viewer.subject));
  });
}

/** Of these customer keys, those within the reach of the viewer's `cap` (one statement). */
export function customersWithinReach(knex: Knex, viewer: Viewer | null, cap: Capability, keys: string[]): Knex.QueryBuilder {
  return ofVisibleCustomers(
    knex.select('k.customer_key').from(knex.raw('(select distinct jsonb_array_elements_text(?::jsonb)::uuid as customer_key) as k', [JSON.stringify(keys)])),
    { viewer } as Context, 'k.customer_key', cap,
  );
}

/** Of a group's members (a query selecting `customer_id`), those within the viewer's reach of `cap`. */
export function membersWithinReach(knex: Knex, viewer: Viewer | null, cap: Capability, members: Knex.QueryBuilder): Knex.QueryBuilder {
  return ofVisibleCustomers(knex.select('m.customer_id').from(members.clone().as('m')), { viewer } as Context, 'm.customer_id', cap);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toIncident(r: any): IncidentView {
  return {
    __typename: 'Incident',
    id: toGlobalId('Incident', r.id),
    key: r.id,
    title: r.title,
    kind: r.kind as IncidentKind,
    severity: r.severity as FeedbackSeverity,
    status: r.status as IncidentStatus,
    startedAt: toDate(r.started_at)!,
    endedAt: toDate(r.ended_at),
    summary: r.summary,
    openedBy: r.opened_by,
    openedByKind: r.opened_by_kind,
    version: r.version,
    createdAt: toDate(r.created_at)!,
    updatedAt: toDate(r.updated_at)!,
  } as IncidentView;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toIncidentUpdate(r: any): IncidentUpdateView {
  return {
    message: r.message,
    customerVisible: r.customer_visible,
    channel: r.channel as IncidentChannel,
    postedAt: toDate(r.posted_at)!,
    postedBy: r.posted_by,
    postedByKind: r.posted_by_kind,
  };
}

export async function incidentsByKeys(ctx: Context, keys: readonly string[]): Promise<IncidentView[]> {
  if (keys.length === 0) return [];
  return (await incidentsWithinReach(reader(ctx), ctx.viewer, feedbackCapabilities.read).select('i.*').whereIn('i.id', [...keys])).map(toIncident);
}

export interface IncidentListFilter {
  statusIn?: IncidentStatus[];
  kindIn?: IncidentKind[];
  severityIn?: FeedbackSeverity[];
  startedAfter?: Date;
  startedBefore?: Date;
}

const CASTS: Record<KeyPart, string> = { timestamp: '::timestamptz', uuid: '::uuid', bigint: '::bigint', text: '::text' };

/** Incidents, newest first (started_at, id), a page at a time. */
export async function listIncidents(ctx: Context, filter: IncidentListFilter, pageReq: PageRequest) {
  const base = incidentsWithinReach(reader(ctx), ctx.viewer, feedbackCapabilities.read);
  if (filter.statusIn?.length) base.whereIn('i.status', filter.statusIn);
  if (filter.kindIn?.length) base.whereIn('i.kind', filter.kindIn);
  if (filter.severityIn?.length) base.whereIn('i.severity', filter.severityIn);
  if (filter.startedAfter) base.where('i.started_at', '>=', filter.startedAfter.toISOString());
  if (filter.startedBefore) base.where('i.started_at', '<', filter.startedBefore.toISOString());
  const descending = !pageReq.backward;
  const q = base.clone().select('i.*');
  const cursor = cursorValues(pageReq, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(i.started_at, i.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  const dir = descending ? 'desc' : 'asc';
  q.orderByRaw(`i.started_at ${dir}, i.id ${dir}`).limit(pageReq.size + 1);
  const rows: Record<string, unknown>[] = await q;
  return toConnection(rows, pageReq, (r) => [new Date(r.started_at as string).toISOString(), r.id], toIncident,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0));
}

interface LateralSpec<T> {
  /** The rows of one parent: a query that names the parent's key as `k.parent_key`. */
  inner: Knex.QueryBuilder;
  /** The keyset of the ordering, as columns of `inner`'s rows (qualified inside, bare outside). */
  innerKeys: string[];
  outerKeys: string[];
  types: KeyPart[];
  /** Oldest (smallest) first, unless descending. */
  descending: boolean;
  cursor: (r: Record<string, unknown>) => unknown[];
  toNode: (r: Record<string, unknown>) => T;
  count: (parentKey: string) => Promise<number>;
  /** Bounds the parents (e.g. customers within the viewer's reach); aliased `k.parent_key`. */
  boundParents?: (qb: Knex.QueryBuilder) => Knex.QueryBuilder;
}

/** One page of rows for each parent key in one statement: a lateral subquery per parent walking its index. */
async function lateralPages<T>(ctx: Context, parentKeys: readonly string[], pageReq: PageRequest, spec: LateralSpec<T>) {
  const knex = reader(ctx);
  const forward = spec.descending === pageReq.backward;
  const cursor = cursorValues(pageReq, spec.types);
  const inner = spec.inner.clone();
  if (cursor) {
    inner.whereRaw(`(${spec.innerKeys.join(', ')}) ${forward ? '>' : '<'} (${spec.types.map((t) => `?${CASTS[t]}`).join(', ')})`, cursor as never[]);
  }
  const dir = forward ? 'asc' : 'desc';
  inner.orderByRaw(spec.innerKeys.map((k) => `${k} ${dir}`).join(', ')).limit(pageReq.size + 1);
  let outer = knex.select('k.parent_key', 'x.*').from(knex.raw('(select jsonb_array_elements_text(?::jsonb)::uuid as parent_key) as k', [JSON.stringify(parentKeys)]));
  if (spec.boundParents) outer = spec.boundParents(outer);
  const rows: Record<string, unknown>[] = await outer
    .joinRaw(`cross join lateral (${inner.toQuery()}) as x`)
    .orderByRaw(`k.parent_key, ${spec.outerKeys.map((k) => `x.${k} ${dir}`).join(', ')}`);
  const byParent = new Map<string, Record<string, unknown>[]>(parentKeys.map((k) => [k, []]));
  for (const r of rows) byParent.get(r.parent_key as string)?.push(r);
  return parentKeys.map((k) => toConnection(byParent.get(k)!, pageReq, spec.cursor, spec.toNode, () => spec.count(k)));
}

/** The updates of each incident (already within reach), oldest first. Partners see only what customers saw. */
export function updatePagesOfIncidents(ctx: Context, incidentKeys: readonly string[], pageReq: PageRequest) {
  const knex = reader(ctx);
  const internalToo = ctx.viewer?.kind === 'staff';
  const visible = (q: Knex.QueryBuilder) => (internalToo ? q : q.where('customer_visible', true));
  return lateralPages(ctx, incidentKeys, pageReq, {
    inner: visible(knex('incident_update as u').select('u.*').whereRaw('u.incident_id = k.parent_key')),
    innerKeys: ['u.seq'], outerKeys: ['seq'], types: ['bigint'], descending: false,
    cursor: (r) => [String(r.seq)],
    toNode: toIncidentUpdate,
    count: async (key) => Number((await visible(knex('incident_update').where('incident_id', key)).count({ n: '*' }).first())?.n ?? 0),
  });
}

/** The customers each incident touched, within the reach of the viewer's right to read customers. */
export function customerPagesOfIncidents(ctx: Context, incidentKeys: readonly string[], pageReq: PageRequest) {
  const knex = reader(ctx);
  const bounded = () => ofVisibleCustomers(knex('incident_customer as ic'), ctx, 'ic.customer_id', customerCapabilities.read);
  const customers = customerLoader(ctx);
  return lateralPages(ctx, incidentKeys, pageReq, {
    inner: bounded().select('ic.customer_id').whereRaw('ic.incident_id = k.parent_key'),
    innerKeys: ['ic.customer_id'], outerKeys: ['customer_id'], types: ['uuid'], descending: false,
    cursor: (r) => [r.customer_id],
    toNode: (r) => customers.load(r.customer_id as string),
    count: async (key) => Number((await bounded().where('ic.incident_id', key).count({ n: '*' }).first())?.n ?? 0),
  });
}

/** The complaints about each incident, oldest first, within the reach of the viewer's right to read feedback. */
export function complaintPagesOfIncidents(ctx: Context, incidentKeys: readonly string[], pageReq: PageRequest) {
  const knex = reader(ctx);
  const bounded = () => ofVisibleCustomers(knex('feedback as f'), ctx, 'f.customer_id', feedbackCapabilities.read);
  return lateralPages(ctx, incidentKeys, pageReq, {
    inner: bounded().select('f.*').whereRaw('f.incident_id = k.parent_key'),
    innerKeys: ['f.received_at', 'f.id'], outerKeys: ['received_at', 'id'], types: ['timestamp', 'uuid'], descending: false,
    cursor: (r) => [new Date(r.received_at as string).toISOString(), r.id],
    toNode: toFeedback,
    count: async (key) => Number((await bounded().where('f.incident_id', key).count({ n: '*' }).first())?.n ?? 0),
  });
}

/** The incidents that touched each customer, newest first; the customers are bounded by the right to read feedback. */
export function incidentPagesOfCustomers(ctx: Context, customerKeys: readonly string[], pageReq: PageRequest) {
  const knex = reader(ctx);
  const cap = feedbackCapabilities.read;
  return lateralPages(ctx, customerKeys, pageReq, {
    inner: knex('incident_customer as ic').join('incident as i', 'i.id', 'ic.incident_id').select('i.*').whereRaw('ic.customer_id = k.parent_key'),
    innerKeys: ['i.started_at', 'i.id'], outerKeys: ['started_at', 'id'], types: ['timestamp', 'uuid'], descending: true,
    cursor: (r) => [new Date(r.started_at as string).toISOString(), r.id],
    toNode: toIncident,
    boundParents: (qb) => ofVisibleCustomers(qb, ctx, 'k.parent_key', cap),
    count: async (key) => Number((await ofVisibleCustomers(knex('incident_customer as ic'), ctx, 'ic.customer_id', cap).where('ic.customer_id', key).count({ n: '*' }).first())?.n ?? 0),
  });
}

/** One update, as posted (read back after posting). */
export async function incidentUpdateByKey(ctx: Context, key: string): Promise<IncidentUpdateView | null> {
  const row = await reader(ctx)('incident_update').where('id', key).first();
  return row ? toIncidentUpdate(row) : null;
}

// Read SQL for feedback, returning plain objects shaped like the GraphQL types. Every query goes through
// the feedback's customer within the reach of the viewer's right to read feedback (a relationship
// manager's book), so that no read path can forget it.
import type { Knex } from '@mikro-orm/postgresql';
import { reader, type Context } from '../../graphql/context';
import { levelRows } from '../../graphql/level-reads';
import { cursorValues, type KeyPart, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { ofVisibleCustomers, OrderDirection } from '../customers/public';
import type { FeedbackChannel, FeedbackKind, FeedbackSeverity, FeedbackStatus, ResolutionOutcome, SentimentLabel } from './feedback.entity';
import { FeedbackOrderField } from './feedback.inputs';
import type { FeedbackTransitionView, FeedbackView } from './feedback.type';
import { feedbackCapabilities } from './permissions';

export const toDate = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

/** Feedback joined with its customer, bounded by the reach of the viewer's right to read feedback. */
export function visibleFeedback(ctx: Context): Knex.QueryBuilder {
  return ofVisibleCustomers(reader(ctx)('feedback as f'), ctx, 'f.customer_id', feedbackCapabilities.read);
}

const SEVERITY_RANK = `(case f.severity when 'LOW' then 0 when 'MEDIUM' then 1 when 'HIGH' then 2 else 3 end)`;

/**
 * The columns a FeedbackView needs (the customer's columns stay out), named: a star could not be
 * prepared (see src/db/prepared.ts).
 */
const FEEDBACK_COLUMNS = [
  'id', 'customer_id', 'assignee_id', 'offboarding_case_id', 'text', 'kind', 'channel', 'external_id', 'nps', 'csat', 'language',
  'sentiment_score', 'sentiment_label', 'topics', 'status', 'severity', 'received_at', 'acknowledge_by', 'resolve_by', 'acknowledged_at',
  'resolved_at', 'closed_at', 'overdue_at', 'escalation_level', 'escalated_at', 'resolution', 'resolution_outcome', 'text_erased_at',
  'version', 'created_at', 'updated_at',
];
const COLUMNS = FEEDBACK_COLUMNS.map((c) => `f.${c}`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toFeedback(r: any): FeedbackView {
  return {
    __typename: 'Feedback',
    id: toGlobalId('Feedback', r.id),
    key: r.id,
    customerKey: r.customer_id,
    assigneeKey: r.assignee_id,
    offboardingCaseKey: r.offboarding_case_id,
    rawText: r.text,
    kind: r.kind as FeedbackKind,
    channel: r.channel as FeedbackChannel,
    externalId: r.external_id,
    nps: r.nps,
    csat: r.csat,
    language: r.language,
    sentimentScore: r.sentiment_score == null ? null : Number(r.sentiment_score),
    sentimentLabel: r.sentiment_label as SentimentLabel | null,
    topics: r.topics ?? [],
    status: r.status as FeedbackStatus,
    severity: r.severity as FeedbackSeverity,
    receivedAt: toDate(r.received_at)!,
    acknowledgeBy: toDate(r.acknowledge_by),
    resolveBy: toDate(r.resolve_by),
    acknowledgedAt: toDate(r.acknowledged_at),
    resolvedAt: toDate(r.resolved_at),
    closedAt: toDate(r.closed_at),
    overdueAt: toDate(r.overdue_at),
    overdue: r.overdue_at != null,
    escalationLevel: r.escalation_level,
    escalatedAt: toDate(r.escalated_at),
    resolution: r.resolution,
    resolutionOutcome: r.resolution_outcome as ResolutionOutcome | null,
    textErased: r.text_erased_at != null,
    version: r.version,
    createdAt: toDate(r.created_at)!,
    updatedAt: toDate(r.updated_at)!,
  } as FeedbackView;
}

export interface FeedbackListFilter {
  kindIn?: FeedbackKind[];
  statusIn?: FeedbackStatus[];
  channelIn?: FeedbackChannel[];
  severityIn?: FeedbackSeverity[];
  topic?: string;
  customerKey?: string;
  assigneeKey?: string;
  overdue?: boolean;
  receivedAfter?: Date;
  receivedBefore?: Date;
}

function applyFilter(q: Knex.QueryBuilder, filter: FeedbackListFilter): void {
  if (filter.kindIn?.length) q.whereIn('f.kind', filter.kindIn);
  if (filter.statusIn?.length) q.whereIn('f.status', filter.statusIn);
  if (filter.channelIn?.length) q.whereIn('f.channel', filter.channelIn);
  if (filter.severityIn?.length) q.whereIn('f.severity', filter.severityIn);
  if (filter.topic) q.whereRaw('f.topics @> array[?]::text[]', [filter.topic]);
  if (filter.customerKey) q.where('f.customer_id', filter.customerKey);
  if (filter.assigneeKey) q.where('f.assignee_id', filter.assigneeKey);
  if (filter.overdue === true) q.whereNotNull('f.overdue_at');
  if (filter.overdue === false) q.whereNull('f.overdue_at');
  if (filter.receivedAfter) q.where('f.received_at', '>=', filter.receivedAfter.toISOString());
  if (filter.receivedBefore) q.where('f.received_at', '<', filter.receivedBefore.toISOString());
}

// Each ordering has its own keyset, ending in the id, and an index that serves it.
const ORDER_KEYS: Record<FeedbackOrderField, { columns: string[]; types: KeyPart[]; cursor: (r: Record<string, unknown>) => unknown[] }> = {
  [FeedbackOrderField.RECEIVED_AT]: {
    columns: ['f.received_at', 'f.id'], types: ['timestamp', 'uuid'],
    cursor: (r) => [new Date(r.received_at as string).toISOString(), r.id],
  },
  [FeedbackOrderField.RESOLVE_BY]: {
    columns: ['f.resolve_by', 'f.id'], types: ['timestamp', 'uuid'],
    cursor: (r) => [new Date(r.resolve_by as string).toISOString(), r.id],
  },
  [FeedbackOrderField.SEVERITY]: {
    columns: [SEVERITY_RANK, 'f.received_at', 'f.id'], types: ['bigint', 'timestamp', 'uuid'],
    cursor: (r) => [String(r.severity_rank), new Date(r.received_at as string).toISOString(), r.id],
  },
};
const CASTS: Record<KeyPart, string> = { timestamp: '::timestamptz', uuid: '::uuid', bigint: '::int', text: '::text' };

/** One page of a keyset-ordered list of feedback from `base` (already filtered and bounded). */
async function page(knex: Knex, base: Knex.QueryBuilder, pageReq: PageRequest, field: FeedbackOrderField, direction: OrderDirection) {
  const keys = ORDER_KEYS[field];
  if (field === FeedbackOrderField.RESOLVE_BY) base.whereNotNull('f.resolve_by');
  const ascending = (direction === OrderDirection.ASC) !== pageReq.backward;
  const q = base.clone().select(...COLUMNS, knex.raw(`${SEVERITY_RANK}::text as severity_rank`));
  const cursor = cursorValues(pageReq, keys.types);
  if (cursor) {
    const placeholders = keys.types.map((t) => `?${CASTS[t]}`).join(', ');
    q.whereRaw(`(${keys.columns.join(', ')}) ${ascending ? '>' : '<'} (${placeholders})`, cursor as never[]);
  }
  const dir = ascending ? 'asc' : 'desc';
  for (const c of keys.columns) q.orderByRaw(`${c} ${dir}`);
  q.limit(pageReq.size + 1);
  const rows: Record<string, unknown>[] = await q;
  return toConnection(rows, pageReq, keys.cursor, toFeedback, async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0));
}

export function listFeedback(ctx: Context, filter: FeedbackListFilter, pageReq: PageRequest, order: { field: FeedbackOrderField; direction: OrderDirection }) {
  const base = visibleFeedback(ctx);
  applyFilter(base, filter);
  return page(reader(ctx), base, pageReq, order.field, order.direction);
}

export async function feedbackByKeys(ctx: Context, keys: readonly string[]): Promise<FeedbackView[]> {
  if (keys.length === 0) return [];
  return (await visibleFeedback(ctx).select(COLUMNS).whereIn('f.id', [...keys])).map(toFeedback);
}

/**
 * One page of each customer's feedback, newest first, in one statement: a lateral subquery per
 * customer key, each walking the (customer_id, received_at, id) index.
 */
export async function feedbackPagesOfCustomers(ctx: Context, customerKeys: readonly string[], pageReq: PageRequest, countOf: (customerKey: string) => Promise<number>) {
  const keys = ORDER_KEYS[FeedbackOrderField.RECEIVED_AT];
  const descending = !pageReq.backward;
  const cursor = cursorValues(pageReq, keys.types);
  const knex = reader(ctx);
  const inner = knex('feedback as f').select(COLUMNS).whereRaw('f.customer_id = k.customer_key');
  if (cursor) inner.whereRaw(`(f.received_at, f.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  inner.orderByRaw(`f.received_at ${descending ? 'desc' : 'asc'}, f.id ${descending ? 'desc' : 'asc'}`).limit(pageReq.size + 1);
  const visible = ofVisibleCustomers(
    knex.select('k.customer_key', ...FEEDBACK_COLUMNS.map((c) => `x.${c}`)).from(knex.raw('(select jsonb_array_elements_text(?::jsonb)::uuid as customer_key) as k', [JSON.stringify(customerKeys)])),
    ctx, 'k.customer_key', feedbackCapabilities.read,
  );
  const dir = descending ? 'desc' : 'asc';
  const rows = await levelRows(ctx, visible.joinRaw(`cross join lateral (${inner.toQuery()}) as x`).orderByRaw(`k.customer_key, x.received_at ${dir}, x.id ${dir}`));
  const byCustomer = new Map<string, Record<string, unknown>[]>(customerKeys.map((k) => [k, []]));
  for (const r of rows) byCustomer.get(r.customer_key as string)?.push(r);
  return customerKeys.map((k) => toConnection(byCustomer.get(k)!, pageReq, keys.cursor, toFeedback, () => countOf(k)));
}

/** How much feedback each customer has (within the viewer's reach), in one statement. */
export async function feedbackCountsOfCustomers(ctx: Context, customerKeys: readonly string[]): Promise<Map<string, number>> {
  const rows: { customer_id: string; n: string }[] = await visibleFeedback(ctx)
    .select('f.customer_id')
    .count({ n: '*' })
    .whereIn('f.customer_id', [...customerKeys])
    .groupBy('f.customer_id');
  return new Map(rows.map((r) => [r.customer_id, Number(r.n)]));
}

/** The exit interviews recorded on each case, newest first. */
export async function exitInterviewsOfCases(ctx: Context, caseKeys: readonly string[]): Promise<FeedbackView[]> {
  if (caseKeys.length === 0) return [];
  const rows = await visibleFeedback(ctx)
    .select(COLUMNS)
    .whereIn('f.offboarding_case_id', [...caseKeys])
    .orderBy([{ column: 'f.received_at', order: 'desc' }, { column: 'f.id', order: 'desc' }]);
  return rows.map(toFeedback);
}

export async function transitionsOfFeedback(ctx: Context, keys: readonly string[]): Promise<(FeedbackTransitionView & { feedbackKey: string })[]> {
  if (keys.length === 0) return [];
  const rows = await visibleFeedback(ctx)
    .join('feedback_transition as t', 't.feedback_id', 'f.id')
    .select('t.*')
    .whereIn('f.id', [...keys])
    .orderBy('t.seq');
  return rows.map((r: Record<string, never>) => ({
    feedbackKey: r.feedback_id,
    transition: r.transition,
    from: r.from_status,
    to: r.to_status,
    actor: r.actor_id,
    actorKind: r.actor_kind,
    at: toDate(r.occurred_at)!,
    note: r.note,
  }));
}

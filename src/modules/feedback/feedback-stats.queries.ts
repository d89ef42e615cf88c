// Feedback analytics in SQL: one statement groups, counts and takes the percentiles; Node only shapes
// the rows. Every statement reads feedback through its customer within the reach of the viewer's right
// to analytics (a relationship manager: their book), and none reads the customers' words.
import type { Knex } from '@mikro-orm/postgresql';
import { type Context, reader } from '../../graphql/context';
import { toGlobalId } from '../../graphql/relay';
import { ofVisibleCustomers } from '../customers/public';
import type { FeedbackChannel, FeedbackKind, FeedbackSeverity } from './feedback.entity';
import { FeedbackStatsGroup, MAX_STATS_GROUPS } from './feedback-stats.inputs';
import type { ComplaintSurgesView, FeedbackStatsRowView, FeedbackStatsView } from './feedback-stats.type';
import { feedbackCapabilities } from './permissions';

/** Feedback (aliased `f`, its customer `c`) within the reach of the viewer's right to analytics. */
function analysedFeedback(ctx: Context): Knex.QueryBuilder {
  return ofVisibleCustomers(reader(ctx)('feedback as f'), ctx, 'f.customer_id', feedbackCapabilities.analytics);
}

export interface StatsFilter {
  from: Date;
  to: Date;
  kindIn?: FeedbackKind[];
  channelIn?: FeedbackChannel[];
  severityIn?: FeedbackSeverity[];
  topic?: string;
}

const HOURS = (end: string) => `extract(epoch from (${end} - f.received_at)) / 3600.0`;
const COMPLAINT = `f.kind = 'COMPLAINT'`;

export async function feedbackStats(ctx: Context, filter: StatsFilter, groupBy: FeedbackStatsGroup[]): Promise<FeedbackStatsView> {
  const knex = reader(ctx);
  const q = analysedFeedback(ctx)
    .where('f.received_at', '>=', filter.from.toISOString())
    .where('f.received_at', '<', filter.to.toISOString());
  if (filter.kindIn?.length) q.whereIn('f.kind', filter.kindIn);
  if (filter.channelIn?.length) q.whereIn('f.channel', filter.channelIn);
  if (filter.severityIn?.length) q.whereIn('f.severity', filter.severityIn);
  if (filter.topic) q.whereRaw('f.topics @> array[?]::text[]', [filter.topic]);
  if (groupBy.includes(FeedbackStatsGroup.TOPIC)) q.joinRaw('left join lateral unnest(f.topics) as t(topic) on true');

  const keys: Record<FeedbackStatsGroup, Knex.Raw> = {
    CHANNEL: knex.raw('f.channel'),
    TOPIC: knex.raw('t.topic'),
    KIND: knex.raw('f.kind'),
    MONTH: knex.raw(`to_char(f.received_at at time zone ?, 'YYYY-MM')`, [ctx.config.feedback.bankTimeZone]),
    RELATIONSHIP_MANAGER: knex.raw('c.rm_id'),
    REGION: knex.raw('c.region'),
  };
  const columns = groupBy.map((g) => knex.raw(`?? as ??`, [keys[g], `k_${g}`]));
  q.select(...columns, knex.raw(`
    count(*)::int as count,
    count(f.nps)::int as nps_responses,
    case when count(f.nps) > 0
      then 100.0 * (count(*) filter (where f.nps >= 9) - count(*) filter (where f.nps <= 6)) / count(f.nps) end::float8 as nps,
    count(f.csat)::int as csat_responses,
    avg(f.csat)::float8 as average_csat,
    count(*) filter (where ${COMPLAINT})::int as complaints,
    percentile_cont(0.5) within group (order by case when ${COMPLAINT} then ${HOURS('f.acknowledged_at')} end) as median_ack,
    percentile_cont(0.9) within group (order by case when ${COMPLAINT} then ${HOURS('f.acknowledged_at')} end) as p90_ack,
    percentile_cont(0.5) within group (order by case when ${COMPLAINT} then ${HOURS('f.resolved_at')} end) as median_resolve,
    percentile_cont(0.9) within group (order by case when ${COMPLAINT} then ${HOURS('f.resolved_at')} end) as p90_resolve,
    count(*) filter (where ${COMPLAINT} and f.overdue_at is not null)::int as overdue,
    (count(*) filter (where f.resolve_by is not null and f.resolved_at is not null and f.resolved_at <= f.resolve_by))::float8
      / nullif(count(*) filter (where f.resolve_by is not null and (f.resolved_at is not null or f.resolve_by < ?)), 0) as within_deadline`,
  [ctx.now.toISOString()]));
  groupBy.forEach((_, i) => {
    q.groupByRaw(String(i + 1));
    q.orderByRaw(`${i + 1} asc nulls last`);
  });
  q.limit(MAX_STATS_GROUPS + 1);
  const rows: Record<string, unknown>[] = await q;
  const num = (v: unknown) => (v == null ? null : Number(v));
  const out: FeedbackStatsRowView[] = rows.slice(0, MAX_STATS_GROUPS).map((r) => ({
    channel: (r.k_CHANNEL as FeedbackChannel | undefined) ?? null,
    topic: (r.k_TOPIC as string | undefined) ?? null,
    kind: (r.k_KIND as FeedbackKind | undefined) ?? null,
    month: (r.k_MONTH as string | undefined) ?? null,
    relationshipManagerId: r.k_RELATIONSHIP_MANAGER ? toGlobalId('StaffMember', r.k_RELATIONSHIP_MANAGER as string) : null,
    region: (r.k_REGION as string | undefined) ?? null,
    count: Number(r.count),
    npsResponses: Number(r.nps_responses),
    nps: num(r.nps),
    csatResponses: Number(r.csat_responses),
    averageCsat: num(r.average_csat),
    complaints: Number(r.complaints),
    medianHoursToAcknowledge: num(r.median_ack),
    p90HoursToAcknowledge: num(r.p90_ack),
    medianHoursToResolve: num(r.median_resolve),
    p90HoursToResolve: num(r.p90_resolve),
    overdue: Number(r.overdue),
    resolvedWithinDeadlineShare: num(r.within_deadline),
  }));
  return { from: filter.from, to: filter.to, groupBy, rows: out, truncated: rows.length > MAX_STATS_GROUPS };
}

export interface SurgeSettings {
  windowHours: number;
  baselineDays: number;
  threshold: number;
  minCount: number;
}

/** Each topic's complaints in the last window against its rate over the baseline before it, in one statement. */
export async function complaintSurges(ctx: Context, s: SurgeSettings): Promise<ComplaintSurgesView> {
  const now = ctx.now;
  const windowStart = new Date(now.getTime() - s.windowHours * 3_600_000);
  const baselineStart = new Date(windowStart.getTime() - s.baselineDays * 86_400_000);
  // Baseline rate per window: baseline count × window length / baseline length.
  const perWindow = s.windowHours / (s.baselineDays * 24);
  const counts = analysedFeedback(ctx)
    .joinRaw('cross join lateral unnest(f.topics) as t(topic)')
    .where('f.kind', 'COMPLAINT')
    .where('f.received_at', '>=', baselineStart.toISOString())
    .where('f.received_at', '<', now.toISOString())
    .groupBy('t.topic')
    .select(
      't.topic',
      reader(ctx).raw('count(*) filter (where f.received_at >= ?)::int as recent', [windowStart.toISOString()]),
      reader(ctx).raw('count(*) filter (where f.received_at < ?)::int as baseline', [windowStart.toISOString()]),
    );
  const rows: { topic: string; recent: number; baseline: number; rate: number; ratio: number | null; flagged: boolean }[] = await reader(ctx)
    .with('counts', counts)
    .select(
      'topic', 'recent', 'baseline',
      reader(ctx).raw('baseline * ?::float8 as rate', [perWindow]),
      reader(ctx).raw('case when baseline > 0 then recent / (baseline * ?::float8) end as ratio', [perWindow]),
      reader(ctx).raw('(recent >= ? and (baseline = 0 or recent >= ?::float8 * baseline * ?::float8)) as flagged', [s.minCount, s.threshold, perWindow]),
    )
    .from('counts')
    .orderByRaw('flagged desc, ratio desc nulls first, recent desc, topic')
    .limit(200);
  return {
    windowStart,
    baselineStart,
    topics: rows.map((r) => ({
      topic: r.topic, recentCount: Number(r.recent), baselineCount: Number(r.baseline), baselineRate: Number(r.rate),
      ratio: r.ratio == null ? null : Number(r.ratio), flagged: r.flagged,
    })),
  };
}

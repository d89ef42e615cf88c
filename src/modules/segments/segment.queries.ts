// Read SQL for segments: plain objects shaped like the GraphQL types. Everything that names or counts
// customers goes through customers' `ofVisibleCustomers`, so a relationship manager sees their own book.
import type { Knex } from '@mikro-orm/postgresql';
import { can, type Capability, reachOf } from '../../auth/permissions';
import { anyOf } from '../../db/sql';
import { reader, type Context } from '../../graphql/context';
import { levelRows } from '../../graphql/level-reads';
import { money } from '../../graphql/money';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { contributionsOf, type CustomerAttribute } from '../../module';
import { customerLoader, type CustomerView, ofVisibleCustomers } from '../customers/public';
import {
  balancesMovedOut, casesWithRetentionAttempts, closedExits, maySeeBankExitReasons, retainedCases, winBackApproaches,
  type InitiatedBy, type OffboardingReason,
} from '../offboarding/public';
import { SegmentKind } from './segment.entity';
import { compileRule, type StoredRule } from './segment.rule';
import type { ChurnAnalytics, ChurnGranularity, CohortRetention, SegmentStats, SegmentView } from './segment.type';
import { segmentCapabilities } from './permissions';

const SEGMENT_COLUMNS = ['s.id', 's.name', 's.description', 's.kind', 's.rule', 's.owner_id', 's.member_count', 's.refreshed_at', 's.version', 's.created_at'];
const toDate = (v: string | Date | null): Date | null => (v == null ? null : new Date(v));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toSegment(r: any): SegmentView {
  return {
    __typename: 'Segment',
    id: toGlobalId('Segment', r.id),
    key: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind as SegmentKind,
    rule: r.rule == null ? null : JSON.stringify(r.rule),
    owner: r.owner_id,
    memberCount: r.member_count,
    refreshedAt: toDate(r.refreshed_at),
    version: r.version,
    createdAt: toDate(r.created_at)!,
  } as SegmentView;
}

/** The rule fields of this deployment: every module's contributed customer attributes. */
export const attributesOf = (ctx: { modules: Context['modules'] }): CustomerAttribute[] => contributionsOf(ctx.modules, 'customerAttributes');

export async function segmentsByKeys(ctx: Context, keys: readonly string[]): Promise<SegmentView[]> {
  if (keys.length === 0 || !can(ctx.viewer, segmentCapabilities.read)) return [];
  return (await reader(ctx)('segment as s').select(SEGMENT_COLUMNS).whereIn('s.id', [...keys])).map(toSegment);
}

export async function listSegments(ctx: Context, page: PageRequest) {
  const base = reader(ctx)('segment as s');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  const ascending = !page.backward;
  const q = base.clone().select(SEGMENT_COLUMNS);
  if (cursor) q.whereRaw(`(s.created_at, s.id) ${ascending ? '>' : '<'} (?::timestamptz, ?::uuid)`, cursor as string[]);
  q.orderBy([{ column: 's.created_at', order: ascending ? 'asc' : 'desc' }, { column: 's.id', order: ascending ? 'asc' : 'desc' }]).limit(page.size + 1);
  return toConnection(
    await q,
    page,
    (r) => [new Date(r.created_at).toISOString(), r.id],
    toSegment,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

/** Current members of a segment within the viewer's reach, a page at a time (keyset on the customer key). */
export async function segmentMembers(ctx: Context, segmentKey: string, page: PageRequest) {
  const base = ofVisibleCustomers(reader(ctx)('segment_membership as sm'), ctx, 'sm.customer_id')
    .where('sm.segment_id', segmentKey)
    .whereNull('sm.left_at');
  const cursor = cursorValues(page, ['uuid']);
  const ascending = !page.backward;
  const q = base.clone().select('sm.customer_id');
  if (cursor) q.where('sm.customer_id', ascending ? '>' : '<', cursor[0] as string);
  q.orderBy('sm.customer_id', ascending ? 'asc' : 'desc').limit(page.size + 1);
  const rows: { customer_id: string }[] = await q;
  // One batched statement for the customers of the page, through the customers module's own loader.
  const customers = await customerLoader(ctx).loadMany(rows.map((r) => r.customer_id));
  const byKey = new Map(customers.filter((c): c is CustomerView => !!c && !(c instanceof Error)).map((c) => [c.key, c]));
  return toConnection(
    rows.filter((r) => byKey.has(r.customer_id)),
    page,
    (r) => [r.customer_id],
    (r) => byKey.get(r.customer_id)!,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

/** The segments each customer currently belongs to (the customers are already within the viewer's reach). */
export async function segmentsOfCustomers(ctx: Context, customerKeys: readonly string[]): Promise<{ customerKey: string; segment: SegmentView }[]> {
  const q = reader(ctx)('segment_membership as sm')
    .join('segment as s', 's.id', 'sm.segment_id')
    .select([...SEGMENT_COLUMNS, 'sm.customer_id'])
    .whereRaw(...anyOf('sm.customer_id', 'uuid', customerKeys))
    .whereNull('sm.left_at')
    .orderBy([{ column: 's.name' }, { column: 's.id' }]);
  // A page's customers share a few segments: each segment is made into a view once.
  const views = new Map<string, SegmentView>();
  return (await levelRows<{ id: string; customer_id: string }>(ctx, q)).map((r) => {
    let segment = views.get(r.id);
    if (!segment) views.set(r.id, (segment = toSegment(r)));
    return { customerKey: r.customer_id, segment };
  });
}

/** Size of a segment at each instant, from the membership history (all customers: a definition figure). */
export async function segmentSizes(ctx: Context, segmentKey: string, instants: Date[]): Promise<{ at: Date; members: number }[]> {
  if (instants.length === 0) return [];
  const rows = await reader(ctx)
    .select(reader(ctx).raw('t.at'), reader(ctx).raw('count(sm.id)::int as members'))
    .from(reader(ctx).raw(`(select u::timestamptz as at from jsonb_array_elements_text(?::jsonb) u) as t`, [JSON.stringify(instants.map((d) => d.toISOString()))]))
    .leftJoin('segment_membership as sm', function on() {
      this.on('sm.segment_id', reader(ctx).raw('?', [segmentKey]))
        .andOn('sm.joined_at', '<=', 't.at')
        .andOn(reader(ctx).raw('(sm.left_at is null or sm.left_at > t.at)'));
    })
    .groupBy('t.at')
    .orderBy('t.at');
  return rows.map((r: { at: string | Date; members: number }) => ({ at: new Date(r.at), members: r.members }));
}

/** The customers a rule selects now, within the viewer's reach: the count and the first page by name. */
export async function previewRule(ctx: Context, rule: StoredRule, firstPage: number): Promise<{ count: number; customers: CustomerView[] }> {
  const knex = reader(ctx);
  const base = ofVisibleCustomers(knex('customer as x'), ctx, 'x.id').whereRaw('?', [compileRule(knex, rule, attributesOf(ctx), ctx.now)]);
  const [count, rows] = await Promise.all([
    base.clone().count({ n: '*' }).first(),
    base.clone().select('c.id').orderBy([{ column: 'c.last_name' }, { column: 'c.first_name' }, { column: 'c.id' }]).limit(firstPage),
  ]);
  const customers = await customerLoader(ctx).loadMany(rows.map((r: { id: string }) => r.id));
  return { count: Number(count?.n ?? 0), customers: customers.filter((c): c is CustomerView => !!c && !(c instanceof Error)) };
}

// Attributes the statistics use when a module offers them (looked up by name, never imported).
export const STAT_ATTRIBUTES = { riskScore: 'risk.score', riskBand: 'risk.band', nps: 'feedback.lastNps' };

/** An attribute the viewer may read, by name; null where no module offers it or the viewer may not. */
function readableAttribute(ctx: Context, name: string): CustomerAttribute | null {
  const attr = attributesOf(ctx).find((a) => a.name === name);
  return attr && can(ctx.viewer, attr.capability) ? attr : null;
}

// A customer of the bank at instant `t` (a binding): joined by then, and not exited by then unless won back since.
const CUSTOMER_AT = (c: string) =>
  `(${c}.joined_at <= ?::timestamptz and (${c}.exited_at is null or ${c}.exited_at > ?::timestamptz
     or (${c}.won_back_at > ${c}.exited_at and ${c}.won_back_at <= ?::timestamptz)))`;
const MEMBER_AT = `exists (select 1 from segment_membership sm where sm.segment_id = ?::uuid and sm.customer_id = c.id
     and sm.joined_at <= ?::timestamptz and (sm.left_at is null or sm.left_at > ?::timestamptz))`;

/** Figures about the current members within the viewer's reach, and churn over [from, to) among the members at `from`. */
/**
 * A segment's figures; `wanted` names the fields the answer shows (all when absent): the averages, the
 * bands and the churn figures each cost the database a pass over the members, so only those asked for run.
 */
export async function segmentStats(ctx: Context, segmentKey: string, from: Date, to: Date, wanted?: Set<string>): Promise<SegmentStats> {
  const asked = (...fields: (keyof SegmentStats)[]) => !wanted || fields.some((f) => wanted.has(f));
  const knex = reader(ctx);
  const members = () => ofVisibleCustomers(knex('segment_membership as cur'), ctx, 'cur.customer_id').where('cur.segment_id', segmentKey).whereNull('cur.left_at');
  const score = asked('averageRiskScore') ? readableAttribute(ctx, STAT_ATTRIBUTES.riskScore) : null;
  const band = asked('membersByRiskBand') ? readableAttribute(ctx, STAT_ATTRIBUTES.riskBand) : null;
  const nps = asked('averageNps') ? readableAttribute(ctx, STAT_ATTRIBUTES.nps) : null;
  // An attribute's figures cover the members within its own capability's reach too: a manager who reads
  // every customer through a second role averages risk over their own book only.
  const within = (attr: CustomerAttribute) => (reachOf(ctx.viewer, attr.capability)?.kind === 'ALL'
    ? null
    : ofVisibleCustomers(knex('customer as y'), ctx, 'y.id', attr.capability).select('c.id'));
  const average = (attr: CustomerAttribute | null, as: string) => {
    if (!attr) return knex.raw(`null as ${as}`);
    const bound = within(attr);
    return bound
      ? knex.raw(`(avg(?) filter (where c.id in (?)))::float8 as ${as}`, [attr.sql(knex, ctx.now), bound])
      : knex.raw(`avg(?)::float8 as ${as}`, [attr.sql(knex, ctx.now)]);
  };
  const figures = asked('size', 'totalDeposits', 'averageRiskScore', 'averageNps')
    ? members().select(
      knex.raw('count(*)::int as size'),
      knex.raw('coalesce(sum(c.total_deposits_minor), 0)::text as deposits'),
      average(score, 'risk'),
      average(nps, 'nps'),
    ).first()
    : Promise.resolve({ size: 0, deposits: '0', risk: null, nps: null });
  const bandBound = band ? within(band) : null;
  const bandMembers = bandBound ? members().whereIn('c.id', bandBound) : members();
  const bands = band
    ? bandMembers.select(knex.raw('(?)::text as band', [band.sql(knex, ctx.now)]), knex.raw('count(*)::int as members')).groupByRaw('1').orderByRaw('1')
    : Promise.resolve(null);
  const churn = !asked('membersAtStart', 'exits', 'churnRate') ? Promise.resolve({ at_start: 0, exits: 0 }) : ofVisibleCustomers(knex('customer as x'), ctx, 'x.id')
    .whereRaw(CUSTOMER_AT('c'), [from, from, from])
    .whereRaw(MEMBER_AT, [segmentKey, from, from])
    .select(
      knex.raw('count(*)::int as at_start'),
      knex.raw(
        `count(*) filter (where exists (select 1 from ? e where e.customer_id = c.id and e.closed_at >= ?::timestamptz and e.closed_at < ?::timestamptz))::int as exits`,
        [closedExits(knex), from, to],
      ),
    )
    .first();
  const [f, b, ch] = await Promise.all([figures, bands, churn]);
  return {
    size: f.size,
    totalDeposits: money(f.deposits, ctx.config.reportingCurrency),
    averageRiskScore: f.risk,
    averageNps: f.nps,
    membersByRiskBand: b ? (b as { band: string | null; members: number }[]).filter((r) => r.band != null).map((r) => ({ band: r.band!, members: r.members })) : null,
    membersAtStart: ch.at_start,
    exits: ch.exits,
    churnRate: ch.at_start ? ch.exits / ch.at_start : null,
  };
}

const INTERVALS: Record<ChurnGranularity, string> = { WEEK: '1 week', MONTH: '1 month', QUARTER: '3 months' };

/** How many periods a range of this granularity has (bounded before any SQL runs). */
export function periodCount(from: Date, to: Date, granularity: ChurnGranularity): number {
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  return Math.ceil(days / (granularity === 'WEEK' ? 7 : granularity === 'MONTH' ? 28 : 89));
}

/**
 * Churn per period over [from, to): the population is the customers within the viewer's reach (for
 * `segmentKey`, the segment's members at each period's start). Exits count the full exits closed in
 * the period of customers who were customers at its start; churn rate is against those.
 */
export async function churnAnalytics(ctx: Context, from: Date, to: Date, granularity: ChurnGranularity, segmentKey: string | null): Promise<ChurnAnalytics> {
  const knex = reader(ctx);
  const cap: Capability = segmentCapabilities.readAnalytics;
  const pop = ofVisibleCustomers(knex('customer as x'), ctx, 'x.id', cap).select('c.id', 'c.joined_at', 'c.exited_at', 'c.won_back_at');
  const segmentAt = (t: string) =>
    segmentKey
      ? knex.raw(`exists (select 1 from segment_membership sm where sm.segment_id = ?::uuid and sm.customer_id = pop.id
          and sm.joined_at <= ${t} and (sm.left_at is null or sm.left_at > ${t}))`, [segmentKey])
      : knex.raw('true');
  const customerAt = (t: string) =>
    knex.raw(`(pop.joined_at <= ${t} and (pop.exited_at is null or pop.exited_at > ${t} or (pop.won_back_at > pop.exited_at and pop.won_back_at <= ${t})))`);
  const showBankReasons = maySeeBankExitReasons(ctx.viewer);
  const ctes = knex.raw(
    `with periods as (
       select gs as start, least(gs + ?::interval, ?::timestamptz) as "end"
       from generate_series(?::timestamptz, ?::timestamptz - interval '1 microsecond', ?::interval) gs
     ),
     pop as ?,
     exits as (
       select p.start, e.case_id, e.initiated_by, case when e.initiated_by = 'BANK' and not ?::boolean then null else e.reason end as reason
       from periods p
       join ? e on e.closed_at >= p.start and e.closed_at < p."end"
       join pop on pop.id = e.customer_id
       where ? and ?
     )`,
    [INTERVALS[granularity], to, from, to, INTERVALS[granularity], pop, showBankReasons, closedExits(knex), customerAt('p.start'), segmentAt('p.start')],
  );
  const periodsSql = knex.raw(
    `? select p.start, p."end",
       (select count(*) from pop where ? and ?)::int as at_start,
       (select count(*) from exits e where e.start = p.start)::int as exits,
       (select count(*) from ? r join pop on pop.id = r.customer_id
          where r.first_attempt_at >= p.start and r.first_attempt_at < p."end" and ?)::int as attempts,
       (select count(*) from ? k join pop on pop.id = k.customer_id
          where k.retained_at >= p.start and k.retained_at < p."end" and ?)::int as retained,
       (select count(distinct w.customer_id) from ? w join pop on pop.id = w.customer_id
          where w.recorded_at >= p.start and w.recorded_at < p."end" and ?)::int as approached,
       (select count(distinct w.customer_id) filter (where w.won) from ? w join pop on pop.id = w.customer_id
          where w.recorded_at >= p.start and w.recorded_at < p."end" and ?)::int as won,
       (select coalesce(sum(b.amount_minor), 0) from exits e join ? b on b.case_id = e.case_id where e.start = p.start)::text as lost
     from periods p order by p.start`,
    [
      ctes, customerAt('p.start'), segmentAt('p.start'),
      casesWithRetentionAttempts(knex), segmentAt('p.start'),
      retainedCases(knex), segmentAt('p.start'),
      winBackApproaches(knex), segmentAt('p.start'),
      winBackApproaches(knex), segmentAt('p.start'),
      balancesMovedOut(knex, ctx.config.reportingCurrency),
    ],
  );
  const reasonsSql = knex.raw(
    `? select e.initiated_by, e.reason, count(*)::int as exits from exits e group by 1, 2 order by 3 desc, 1, 2 nulls last`,
    [ctes],
  );
  const [periods, reasons] = await Promise.all([periodsSql, reasonsSql]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const rowsOf = (r: any) => (Array.isArray(r) ? r : r.rows) as any[];
  return {
    periods: rowsOf(periods).map((r) => ({
      start: new Date(r.start),
      end: new Date(r.end),
      customersAtStart: r.at_start,
      exits: r.exits,
      churnRate: r.at_start ? r.exits / r.at_start : null,
      retentionAttempts: r.attempts,
      retained: r.retained,
      winBackApproached: r.approached,
      winBacks: r.won,
      winBackRate: r.approached ? r.won / r.approached : null,
      depositsLost: money(r.lost, ctx.config.reportingCurrency),
    })),
    byReason: rowsOf(reasons).map((r) => ({ initiatedBy: r.initiated_by as InitiatedBy, reason: r.reason as OffboardingReason | null, exits: r.exits })),
  };
}

/** Customers within the viewer's reach who joined in [joinedFrom, joinedTo), by joined quarter, and how many are customers at `asOf`. */
export async function cohortRetention(ctx: Context, joinedFrom: Date, joinedTo: Date, asOf: Date, segmentKey: string | null): Promise<CohortRetention[]> {
  const knex = reader(ctx);
  const q = ofVisibleCustomers(knex('customer as x'), ctx, 'x.id', segmentCapabilities.readAnalytics)
    .where('c.joined_at', '>=', joinedFrom)
    .andWhere('c.joined_at', '<', joinedTo)
    .select(
      knex.raw(`to_char(c.joined_at at time zone 'UTC', 'YYYY-"Q"Q') as quarter`),
      knex.raw('count(*)::int as joined'),
      knex.raw(`count(*) filter (where ${CUSTOMER_AT('c')})::int as retained`, [asOf, asOf, asOf]),
    )
    .groupByRaw('1')
    .orderByRaw('1');
  if (segmentKey) {
    q.whereExists(function member(this: Knex.QueryBuilder) {
      this.select(1).from('segment_membership as sm').whereRaw('sm.customer_id = c.id').andWhere('sm.segment_id', segmentKey).whereNull('sm.left_at');
    });
  }
  return (await q).map((r: { quarter: string; joined: number; retained: number }) => ({ ...r, retentionRate: r.retained / r.joined }));
}


// Read SQL for campaigns: plain objects shaped like the GraphQL types. Results are computed in one
// statement, the interval included; exits come from offboarding's and answers from loyalty's fragments.
import type { Knex } from '@mikro-orm/postgresql';
import { can } from '../../auth/permissions';
import { reader, type Context } from '../../graphql/context';
import { money } from '../../graphql/money';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { offerAnswers } from '../loyalty/public';
import { closedExits } from '../offboarding/public';
import type { CampaignChannel, CampaignState } from './campaign.entity';
import type { CampaignResults, CampaignView } from './campaign.type';
import { campaignCapabilities } from './permissions';

const COLUMNS = [
  'k.id', 'k.name', 'k.description', 'k.offer_id', 'k.segment_id', 'k.channel', 'k.holdout_percent', 'k.state', 'k.launched_at', 'k.closed_at',
  'k.created_by', 'k.treated_count', 'k.holdout_count', 'k.without_consent_count', 'k.proposed_count', 'k.version', 'k.created_at',
];
const toDate = (v: string | Date | null): Date | null => (v == null ? null : new Date(v));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toCampaign(r: any): CampaignView {
  return {
    __typename: 'Campaign',
    id: toGlobalId('Campaign', r.id),
    key: r.id,
    name: r.name,
    description: r.description,
    offerId: toGlobalId('RetentionOffer', r.offer_id),
    segmentId: toGlobalId('Segment', r.segment_id),
    channel: r.channel as CampaignChannel,
    holdoutPercent: r.holdout_percent,
    state: r.state as CampaignState,
    launchedAt: toDate(r.launched_at),
    closedAt: toDate(r.closed_at),
    createdBy: r.created_by,
    treated: r.treated_count,
    holdout: r.holdout_count,
    withoutConsent: r.without_consent_count,
    proposed: r.proposed_count,
    version: r.version,
    createdAt: toDate(r.created_at)!,
  } as CampaignView;
}

export async function campaignsByKeys(ctx: Context, keys: readonly string[]): Promise<CampaignView[]> {
  if (keys.length === 0 || !can(ctx.viewer, campaignCapabilities.read)) return [];
  return (await reader(ctx)('campaign as k').select(COLUMNS).whereIn('k.id', [...keys])).map(toCampaign);
}

export async function listCampaigns(ctx: Context, page: PageRequest) {
  const base = reader(ctx)('campaign as k');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  const ascending = !page.backward;
  const q = base.clone().select(COLUMNS);
  if (cursor) q.whereRaw(`(k.created_at, k.id) ${ascending ? '>' : '<'} (?::timestamptz, ?::uuid)`, cursor as string[]);
  q.orderBy([{ column: 'k.created_at', order: ascending ? 'asc' : 'desc' }, { column: 'k.id', order: ascending ? 'asc' : 'desc' }]).limit(page.size + 1);
  return toConnection(
    await q,
    page,
    (r) => [new Date(r.created_at).toISOString(), r.id],
    toCampaign,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

/** 97.5th percentile of the standard normal: a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * A launched campaign's results over `windowDays` after launch (cut at now). Retained: no full exit
 * closed after launch and by the window's end. Every figure, the interval included, comes from SQL.
 */
export async function campaignResults(ctx: Context, c: CampaignView, windowDays: number): Promise<CampaignResults | null> {
  if (!c.launchedAt) return null;
  const knex: Knex = reader(ctx);
  const planned = new Date(c.launchedAt.getTime() + windowDays * 86_400_000);
  const end = planned < ctx.now ? planned : ctx.now;
  const rows = await knex.raw(
    `with exits as (
       select e.customer_id, min(e.closed_at) as closed_at from ? e
       where e.closed_at > ?::timestamptz and e.customer_id in (select customer_id from campaign_assignment where campaign_id = ?::uuid)
       group by e.customer_id
     ),
     a as (
       select ca.arm, ca.deposits_minor::numeric as deposits,
         coalesce(ca.exited_at, x.closed_at) as exited_at,
         (ca.offer_assignment_id is not null or ca.accepted is not null) as reached,
         coalesce(ca.accepted, oa.status = 'ACCEPTED', false) as accepted
       from campaign_assignment ca
       left join exits x on x.customer_id = ca.customer_id
       left join ? oa on oa.id = ca.offer_assignment_id
       where ca.campaign_id = ?::uuid
     ),
     s as (
       select
         count(*) filter (where arm = 'TREATMENT')::int as n1,
         count(*) filter (where arm = 'TREATMENT' and (exited_at is null or exited_at > ?::timestamptz))::int as r1,
         count(*) filter (where arm = 'HOLDOUT')::int as n0,
         count(*) filter (where arm = 'HOLDOUT' and (exited_at is null or exited_at > ?::timestamptz))::int as r0,
         count(*) filter (where arm = 'TREATMENT' and reached)::int as reach,
         count(*) filter (where arm = 'TREATMENT' and accepted)::int as accepted,
         coalesce(sum(deposits) filter (where arm = 'TREATMENT'), 0) as d1,
         coalesce(sum(deposits) filter (where arm = 'TREATMENT' and (exited_at is null or exited_at > ?::timestamptz)), 0) as dr1,
         coalesce(sum(deposits) filter (where arm = 'HOLDOUT'), 0) as d0,
         coalesce(sum(deposits) filter (where arm = 'HOLDOUT' and (exited_at is null or exited_at > ?::timestamptz)), 0) as dr0
       from a
     ),
     p as (
       select s.*, case when n1 > 0 then r1::float8 / n1 end as p1, case when n0 > 0 then r0::float8 / n0 end as p0 from s
     )
     select p.*, p1 - p0 as uplift, p1 - p0 - h.half as lower, p1 - p0 + h.half as upper,
       case when d1 > 0 and d0 > 0 then round(d1 * (dr1 / d1 - dr0 / d0))::bigint::text end as kept,
       d1::bigint::text as d1t, dr1::bigint::text as dr1t, d0::bigint::text as d0t, dr0::bigint::text as dr0t
     from p, lateral (select ? * sqrt(p1 * (1 - p1) / nullif(n1, 0) + p0 * (1 - p0) / nullif(n0, 0)) as half) h`,
    [closedExits(knex), c.launchedAt, c.key, offerAnswers(knex), c.key, end, end, end, end, Z95],
  );
  const r = rows.rows[0];
  const cur = ctx.config.reportingCurrency;
  const uplift = r.uplift == null ? null : Number(r.uplift);
  return {
    windowDays,
    windowEnd: end,
    windowComplete: planned <= ctx.now,
    reach: r.reach,
    accepted: r.accepted,
    acceptance: r.n1 ? r.accepted / r.n1 : null,
    treatment: { customers: r.n1, retained: r.r1, retentionRate: r.p1, depositsAtLaunch: money(r.d1t, cur), depositsRetained: money(r.dr1t, cur) },
    holdout: { customers: r.n0, retained: r.r0, retentionRate: r.p0, depositsAtLaunch: money(r.d0t, cur), depositsRetained: money(r.dr0t, cur) },
    uplift,
    upliftLower: r.lower == null ? null : Number(r.lower),
    upliftUpper: r.upper == null ? null : Number(r.upper),
    depositsKept: r.kept == null ? null : money(r.kept, cur),
  };
}

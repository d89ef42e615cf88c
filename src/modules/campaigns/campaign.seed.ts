// The demo bank's finished campaign: six months without account fees offered to the demo segment with
// the most reachable members, launched 80 days before the demo's today with a 20% holdout and closed 10
// days ago. The split is the API's own (md5 of campaign and customer). The campaign's story is written
// with it: the treated answered (some accepted), and fewer of them left than of the holdout (closed
// customer-initiated exits after launch), so that results show a visible uplift. Set-based SQL only;
// the answers and the exits are written by loyalty and offboarding (their public seed helpers).
import { prng, uuidFrom } from '../../db/seed.helpers';
import type { SeedContext, SeedContribution } from '../../module';
import { seedAnsweredProposals } from '../loyalty/public';
import { seedClosedExits } from '../offboarding/public';

const DAY = 86_400_000;
const HOLDOUT = 20;

async function seedCampaign(ctx: SeedContext): Promise<void> {
  const { client, today } = ctx;
  const rand = prng(ctx.seed ^ 0xca3);
  const launch = new Date(today.getTime() - 80 * DAY);
  const closed = new Date(today.getTime() - 10 * DAY);
  const offer = (await client.query<{ id: string; value: string }>(
    `select id, value from retention_offer where kind = 'FEE_WAIVER' and status = 'ACTIVE' and valid_from <= $1 and valid_until > $1 order by created_at, id limit 1`,
    [launch],
  )).rows[0];
  const segment = (await client.query<{ id: string; name: string }>(
    `select s.id, s.name from segment s
      where (select count(*) from segment_membership m join customer c on c.id = m.customer_id
              where m.segment_id = s.id and m.left_at is null and c.status = 'ACTIVE' and c.marketing_consent) >= 50
      order by (select count(*) from segment_membership m join customer c on c.id = m.customer_id
                 where m.segment_id = s.id and m.left_at is null and c.status = 'ACTIVE' and c.marketing_consent) desc, s.id limit 1`,
  )).rows[0];
  if (!offer || !segment) {
    ctx.log('seeded no campaign (no fee waiver offer or no segment with reachable members)');
    return;
  }
  const id = uuidFrom(rand);
  await client.query(
    `insert into campaign (id, created_at, updated_at, name, description, offer_id, segment_id, channel, holdout_percent, state, launched_at, closed_at, created_by)
     values ($1, $2, $3, 'Winter fee holiday', $4, $5, $6, 'EMAIL', $7, 'CLOSED', $2, $3, 'analyst-01')`,
    [id, launch, closed, `Six months without account fees for "${segment.name}", with a ${HOLDOUT}% holdout.`, offer.id, segment.id, HOLDOUT],
  );
  // The split, as launchCampaign draws it.
  await client.query(
    `insert into campaign_assignment (campaign_id, customer_id, arm, assigned_at, deposits_minor)
     select $1::uuid, c.id,
       case when ('x' || substr(md5($1::text || ':' || c.id::text), 1, 8))::bit(32)::bigint % 10000 < $2 * 100 then 'HOLDOUT' else 'TREATMENT' end,
       $3::timestamptz, c.total_deposits_minor
     from segment_membership m join customer c on c.id = m.customer_id
     where m.segment_id = $4::uuid and m.left_at is null and c.status = 'ACTIVE' and c.marketing_consent
     order by c.id`,
    [id, HOLDOUT, launch, segment.id],
  );
  // Each treated customer's answer and whether they left are drawn from a hash of the customer, so the
  // story is the same on every machine: 40% accept; of the accepters 4% leave, of the other treated 14%,
  // of the holdout 24%.
  const draw = (salt: string) => `(('x' || substr(md5('${salt}:' || ca.customer_id::text), 1, 8))::bit(32)::bigint % 10000) / 10000.0`;
  const proposals = await seedAnsweredProposals(client, {
    offerId: offer.id,
    proposedAt: launch,
    proposedBy: 'analyst-01',
    channel: 'EMAIL',
    sql: `select ca.customer_id, ${draw('answer')} < 0.4 as accepted from campaign_assignment ca where ca.campaign_id = $1::uuid and ca.arm = 'TREATMENT'`,
    params: [id],
    idSalt: `proposal:${id}`,
  });
  await client.query(
    `update campaign_assignment ca set offer_assignment_id = p.id
     from unnest($2::uuid[], $3::uuid[]) as p(id, customer_id)
     where ca.campaign_id = $1::uuid and ca.customer_id = p.customer_id`,
    [id, proposals.map((r) => r.id), proposals.map((r) => r.customer_id)],
  );
  const leavers = await seedClosedExits(client, {
    sql: `select ca.customer_id, $2::timestamptz + (5 + floor(${draw('when')} * 50)) * interval '1 day' as at, 'COMPETITOR_OFFER' as reason
          from campaign_assignment ca left join offer_assignment oa on oa.id = ca.offer_assignment_id
          where ca.campaign_id = $1::uuid
            and ${draw('leave')} < case when ca.arm = 'HOLDOUT' then 0.24 when oa.status = 'ACCEPTED' then 0.04 else 0.14 end`,
    params: [id, launch],
    idSalt: `exit:${id}`,
  });
  await client.query(
    `update campaign k set treated_count = (select count(*) from campaign_assignment where campaign_id = k.id and arm = 'TREATMENT'),
       holdout_count = (select count(*) from campaign_assignment where campaign_id = k.id and arm = 'HOLDOUT'),
       proposed_count = (select count(*) from campaign_assignment where campaign_id = k.id and offer_assignment_id is not null),
       without_consent_count = (select count(*) from segment_membership m join customer c on c.id = m.customer_id
                                 where m.segment_id = k.segment_id and m.left_at is null and c.status = 'ACTIVE' and not c.marketing_consent)
     where k.id = $1::uuid`,
    [id],
  );
  ctx.log(`seeded a finished campaign on "${segment.name}" with ${leavers} exits after launch`);
}

export const campaignsSeed: SeedContribution = {
  present: async (client) => (await client.query('select exists (select 1 from campaign) as any')).rows[0].any,
  run: seedCampaign,
};

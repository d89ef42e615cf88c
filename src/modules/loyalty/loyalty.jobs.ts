// The loyalty jobs: tiers re-evaluated from the points earned in the rolling 12 months, and points that
// expire oldest first. Each is one set-based statement over every account (no loop in Node), with its
// history rows and audit events written by the same statement. Plain functions on the clock: the worker
// schedules them, tests call them directly.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Config } from '../../config';

/** The query builder of the entity manager's open transaction. */
function inTx(em: EntityManager): Knex {
  return (em.getTransactionContext() as Knex.Transaction | undefined) ?? em.getKnex();
}

export const TIER_JOB = 'loyalty.tiers';
export const EXPIRY_JOB = 'loyalty.expiry';

export interface LoyaltyJobDeps {
  em: EntityManager;
  now: Date;
  config: Config;
}

/** Points earned in the 12 months to $now by account `la`: earnings less reversals of earnings. */
const EARNED_12M = `(select coalesce(sum(case when p.kind = 'EARN' then p.amount when o.kind = 'EARN' then -p.amount else 0 end), 0)
   from points_posting p left join points_posting o on o.id = p.reverses_posting_id
  where p.account_id = la.id and p.posted_at > (:now::timestamptz - interval '12 months') and p.posted_at <= :now::timestamptz)`;

const TIER_RANK = `array_position(array['BRONZE','SILVER','GOLD','PLATINUM'], `;

/**
 * Re-evaluates every open account's tier in one statement: computes each tier, updates those that
 * change, and writes their history and audit events. Returns the number of accounts whose tier changed.
 */
export async function runTierJob(deps: LoyaltyJobDeps): Promise<{ changed: number }> {
  const t = deps.config.loyalty.tierThresholds;
  const rows = await deps.em.fork().transactional((em) => inTx(em).raw(
    `with calc as (
       select la.id, la.customer_id, la.tier as old_tier, e.earned,
              case when e.earned >= :platinum then 'PLATINUM' when e.earned >= :gold then 'GOLD' when e.earned >= :silver then 'SILVER' else 'BRONZE' end as new_tier
         from loyalty_account la cross join lateral (select ${EARNED_12M} as earned) e
        where la.status <> 'CLOSED'
     ), changed as (
       update loyalty_account la set tier = c.new_tier, tier_changed_at = :now::timestamptz, updated_at = :now::timestamptz, version = la.version + 1
         from calc c
        where c.id = la.id and c.new_tier <> c.old_tier and la.tier = c.old_tier -- a concurrent run that got there first leaves nothing to do
       returning la.id, la.customer_id, c.old_tier, c.new_tier, c.earned
     ), history as (
       insert into tier_change (id, account_id, from_tier, to_tier, reason, points_earned_12m, changed_at, actor_kind, actor_id)
       select gen_random_uuid(), id, old_tier, new_tier,
              case when ${TIER_RANK}new_tier) > ${TIER_RANK}old_tier) then 'Upgraded' else 'Downgraded' end
                || ': ' || earned || ' points earned in the 12 months to ' || to_char(:now::timestamptz at time zone 'UTC', 'YYYY-MM-DD'),
              earned, :now::timestamptz, 'system', 'system'
         from changed
       returning account_id
     ), audited as (
       insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
       select gen_random_uuid(), :now::timestamptz, 'system', 'system', 'loyalty.tier_changed', 'LoyaltyAccount', id, customer_id,
              jsonb_build_array(jsonb_build_object('field', 'tier', 'old', old_tier, 'new', new_tier), jsonb_build_object('field', 'pointsEarned12m', 'old', null, 'new', earned)),
              'job:${TIER_JOB}'
         from changed
       returning id
     )
     select (select count(*) from history)::int as changed, (select count(*) from audited)::int as audited`,
    { now: deps.now.toISOString(), silver: t.SILVER, gold: t.GOLD, platinum: t.PLATINUM },
  ));
  return { changed: rows.rows[0].changed };
}

/**
 * Expires, on every account, what remains of the lots credited more than the configured months ago.
 * Redemptions (and every other debit) consume the oldest lots first, so what remains of the expired lots
 * is their total less every debit so far, if positive; an expiry is itself a debit, so a second run
 * finds nothing left. Concurrent runs and redemptions take turns on the account rows: the statement
 * that computes the expiry starts only once they are locked, and so sees every posting committed before.
 */
export async function runExpiryJob(deps: LoyaltyJobDeps): Promise<{ expiredPostings: number; expiredPoints: number }> {
  return deps.em.fork().transactional(async (em) => {
    const knex = inTx(em);
    const params = { now: deps.now.toISOString(), months: deps.config.loyalty.expiryMonths };
    await em.execute(`select pg_advisory_xact_lock(hashtext('${EXPIRY_JOB}'))`);
    await em.execute(
      `select la.id from loyalty_account la
        where la.status <> 'CLOSED' and exists (select 1 from points_posting p where p.account_id = la.id and p.expires_at <= ?::timestamptz)
        order by la.id for update`,
      [params.now],
    );
    const res = await knex.raw(
      `with due as (
         select la.id as account_id, la.customer_id,
                (select coalesce(sum(p.delta), 0) from points_posting p where p.account_id = la.id and p.delta > 0 and p.expires_at <= :now::timestamptz)
                + (select coalesce(sum(p.delta), 0) from points_posting p where p.account_id = la.id and p.delta < 0) as expiring
           from loyalty_account la
          where la.status <> 'CLOSED' and exists (select 1 from points_posting p where p.account_id = la.id and p.expires_at <= :now::timestamptz)
       ), expired as (
         insert into points_posting (id, account_id, kind, amount, delta, reason, actor_kind, actor_id, posted_at, request_id)
         select gen_random_uuid(), account_id, 'EXPIRE', expiring, -expiring, 'Points credited more than ' || :months || ' months ago',
                'system', 'system', :now::timestamptz, 'job:${EXPIRY_JOB}'
           from due where expiring > 0
         returning id, account_id, amount
       ), lines as (
         insert into points_line (id, posting_id, ledger_account, account_id, amount)
         select gen_random_uuid(), id, 'CUSTOMER', account_id, -amount from expired
         union all
         select gen_random_uuid(), id, 'EXPIRED', null, amount from expired
         returning id
       ), audited as (
         insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
         select gen_random_uuid(), :now::timestamptz, 'system', 'system', 'loyalty.points_posted', 'PointsPosting', x.id, d.customer_id,
                jsonb_build_array(jsonb_build_object('field', 'kind', 'old', null, 'new', 'EXPIRE'), jsonb_build_object('field', 'delta', 'old', null, 'new', -x.amount)),
                'job:${EXPIRY_JOB}'
           from expired x join due d on d.account_id = x.account_id
         returning id
       )
       select (select count(*) from expired)::int as postings, (select coalesce(sum(amount), 0) from expired)::text as points,
              (select count(*) from lines)::int as lines, (select count(*) from audited)::int as audited`,
      params,
    );
    return { expiredPostings: res.rows[0].postings, expiredPoints: Number(res.rows[0].points) };
  });
}

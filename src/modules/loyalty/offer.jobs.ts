// Proposals that lapse without an answer: one set-based statement marks them EXPIRED, gives their share
// of the budget back to their offers and writes one audit event each. A proposal being answered holds
// its row lock, so the job waits for it and then finds it answered; a second run finds nothing to do.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

export const OFFER_EXPIRY_JOB = 'loyalty.offer-expiry';

export async function runOfferExpiryJob(deps: { em: EntityManager; now: Date }): Promise<{ expired: number }> {
  return deps.em.fork().transactional(async (em) => {
    const knex = (em.getTransactionContext() as Knex.Transaction | undefined) ?? em.getKnex();
    const res = await knex.raw(
      `with expired as (
         update offer_assignment set status = 'EXPIRED', answered_at = :now::timestamptz, answered_by = 'system'
          where status = 'PROPOSED' and expires_at <= :now::timestamptz
         returning id, offer_id, customer_id, value
       ), released as (
         update retention_offer o set reserved_count = o.reserved_count - x.n, reserved_value = o.reserved_value - x.v
           from (select offer_id, count(*)::int as n, sum(value)::bigint as v from expired group by offer_id) x
          where o.id = x.offer_id
         returning o.id
       ), audited as (
         insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
         select gen_random_uuid(), :now::timestamptz, 'system', 'system', 'loyalty.offer_expired', 'OfferAssignment', id, customer_id,
                jsonb_build_array(jsonb_build_object('field', 'status', 'old', 'PROPOSED', 'new', 'EXPIRED')), 'job:${OFFER_EXPIRY_JOB}'
           from expired
         returning id
       )
       select (select count(*) from expired)::int as expired, (select count(*) from released)::int as offers, (select count(*) from audited)::int as audited`,
      { now: deps.now.toISOString() },
    );
    return { expired: res.rows[0].expired };
  });
}

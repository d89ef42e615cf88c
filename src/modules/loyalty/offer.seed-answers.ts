// Answered proposals that another module's seed story needs (campaigns: the treated customers' answers
// to the campaign's offer). The customers and their answers are the caller's; writing the proposals and
// reserving the offer's budget for the accepted ones is loyalty's own. One statement.
import type pg from 'pg';

export interface DemoAnswersSource {
  offerId: string;
  proposedAt: Date;
  proposedBy: string;
  channel: string;
  /** A query selecting `customer_id, accepted` (boolean); its parameters are `params`, numbered from $1. */
  sql: string;
  params: unknown[];
  /** Salt of the proposals' ids, so that the same story gives the same ids on every run. */
  idSalt: string;
}

/** The proposals written: their ids, customers and answers (ACCEPTED or DECLINED). */
export async function seedAnsweredProposals(client: pg.ClientBase, s: DemoAnswersSource): Promise<{ id: string; customer_id: string; status: string }[]> {
  const n = s.params.length;
  const p = (i: number) => `$${n + i}`;
  const result = await client.query<{ id: string; customer_id: string; status: string }>(
    `with answering as (${s.sql}),
     offer as (select id, value from retention_offer where id = ${p(1)}::uuid),
     made as (
       insert into offer_assignment (id, offer_id, customer_id, value, proposed_by, proposed_at, expires_at, status, answered_at, answered_by, channel)
       select md5(${p(2)}::text || ':' || a.customer_id::text)::uuid, o.id, a.customer_id, o.value, ${p(3)}, ${p(4)}::timestamptz, ${p(4)}::timestamptz + interval '30 days',
         case when a.accepted then 'ACCEPTED' else 'DECLINED' end, ${p(4)}::timestamptz + interval '3 days', 'system', ${p(5)}
       from answering a cross join offer o returning id, customer_id, status, value
     ),
     reserved as (
       update retention_offer set reserved_count = reserved_count + (select count(*) from made where status = 'ACCEPTED'),
         reserved_value = reserved_value + coalesce((select sum(value) from made where status = 'ACCEPTED'), 0)
       where id = ${p(1)}::uuid
     )
     select id, customer_id, status from made`,
    [...s.params, s.offerId, s.idSalt, s.proposedBy, s.proposedAt, s.channel],
  );
  return result.rows;
}

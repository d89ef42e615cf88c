// Demo exits that another module's seed story needs (campaigns: fewer treated customers leave than
// held-out ones). The rows are the caller's; the writing of cases and the customers' exit is
// offboarding's own: closed, customer-initiated, full exits, kept for the legal retention period.
import type pg from 'pg';

/** One closed exit of the demo bank: who left, when, and why (a customer-initiated reason). */
export interface DemoExitsSource {
  /** A query selecting `customer_id, at, reason`; its parameters are `params`, numbered from $1. */
  sql: string;
  params: unknown[];
  /** Salt of the cases' ids, so that the same story gives the same ids on every run. */
  idSalt: string;
}

/** Writes the exits in one statement and returns how many customers left. */
export async function seedClosedExits(client: pg.ClientBase, source: DemoExitsSource): Promise<number> {
  const n = source.params.length;
  const result = await client.query(
    `with leaving as (${source.sql}),
     cases as (
       insert into offboarding_case (id, created_at, updated_at, customer_id, initiated_by, reason, scope, state, state_entered_at, initiator_kind, initiator_id,
         closed_at, retain_until, legal_basis)
       select md5($${n + 1}::text || ':' || l.customer_id::text)::uuid, l.at - interval '20 days', l.at, l.customer_id, 'CUSTOMER', l.reason, 'FULL', 'CLOSED', l.at,
         'system', 'system', l.at, l.at + interval '5 years',
         'Legal obligation (GDPR Art. 6(1)(c)): banks must keep customer identification and transaction records for 5 years after the business relationship ends.'
       from leaving l returning customer_id, closed_at
     )
     update customer c set status = 'EXITED', exited_at = cases.closed_at from cases where c.id = cases.customer_id returning c.id`,
    [...source.params, source.idSalt],
  );
  return result.rowCount ?? 0;
}

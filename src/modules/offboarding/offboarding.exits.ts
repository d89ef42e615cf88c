// Exits for other modules' analytics (risk's churn labels): the customers whose own decision to leave
// Keel's offboarding closed. Bank-initiated exits are never in it, so nothing downstream can tell
// their reasons apart (no tipping-off).
import type { Knex } from '@mikro-orm/postgresql';

/** (customer_id, exited_at) of closed, full, customer-initiated exits. */
export function customerInitiatedExits(knex: Knex): Knex.QueryBuilder {
  return knex('offboarding_case').select('customer_id', 'closed_at as exited_at').where({ state: 'CLOSED', initiated_by: 'CUSTOMER', scope: 'FULL' });
}

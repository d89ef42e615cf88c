// What offboarding adds to staff retention performance: per relationship manager, the customer-initiated
// exit cases of their book that ended in the period (retained or closed), how many ended retained, the
// deposits of the customers kept, and win-backs; and its contacts with customers (retention and
// win-back attempts) for the "without contact" figures of other modules.
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerContacts, StaffFigures } from '../../module';

const RETAINED = `oc.state = 'RETAINED' and oc.state_entered_at >= ?::timestamptz and oc.state_entered_at < ?::timestamptz`;
const CLOSED = `oc.state = 'CLOSED' and oc.closed_at >= ?::timestamptz and oc.closed_at < ?::timestamptz`;

export const offboardingStaffFigures: StaffFigures[] = [
  {
    source: 'offboarding',
    figures: ['cases_handled', 'cases_retained'],
    sql: (knex: Knex, p) =>
      p.managed(knex('offboarding_case as oc'), 'oc.customer_id')
        .where('oc.initiated_by', 'CUSTOMER')
        .whereRaw(`((${RETAINED}) or (${CLOSED}))`, [p.from, p.to, p.from, p.to])
        .groupBy('c.rm_id')
        .select('c.rm_id', knex.raw('count(*)::int as cases_handled'), knex.raw(`(count(*) filter (where oc.state = 'RETAINED'))::int as cases_retained`)),
  },
  {
    // The current deposits of the customers whose exit ended retained in the period, each counted once.
    source: 'offboarding',
    figures: ['deposits_kept_minor'],
    sql: (knex: Knex, p) =>
      knex
        .from(
          p.managed(knex('offboarding_case as oc'), 'oc.customer_id')
            .where('oc.initiated_by', 'CUSTOMER')
            .whereRaw(RETAINED, [p.from, p.to])
            .distinct('c.rm_id', 'c.id', 'c.total_deposits_minor')
            .as('k'),
        )
        .groupBy('k.rm_id')
        .select('k.rm_id', knex.raw('sum(k.total_deposits_minor)::bigint as deposits_kept_minor')),
  },
  {
    // Customers won back in the period, once each however many approaches.
    source: 'offboarding',
    figures: ['win_backs'],
    sql: (knex: Knex, p) =>
      p.managed(knex('win_back_attempt as w'), 'w.customer_id')
        .where('w.outcome', 'WON_BACK')
        .where('w.recorded_at', '>=', p.from)
        .where('w.recorded_at', '<', p.to)
        .groupBy('c.rm_id')
        .select('c.rm_id', knex.raw('count(distinct w.customer_id)::int as win_backs')),
  },
];

export const offboardingContacts: CustomerContacts = {
  source: 'offboarding',
  sql: (knex: Knex) =>
    knex('retention_attempt as ra').join('offboarding_case as oc', 'oc.id', 'ra.case_id').select('oc.customer_id', 'ra.recorded_at as contacted_at')
      .unionAll((qb) => qb.from('win_back_attempt as w').select('w.customer_id', 'w.recorded_at as contacted_at')),
};

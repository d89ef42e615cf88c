// What offboarding adds to staff retention performance: per relationship manager, the customer-initiated
// exit cases of their book that ended in the period (retained or closed), how many ended retained, the
// deposits of the customers kept, and win-backs; and its contacts with customers (retention and
// win-back attempts) for the "without contact" figures of other modules.
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerContacts, StaffFigures } from '../../module';

export const offboardingStaffFigures: StaffFigures = {
  source: 'offboarding',
  figures: ['cases_handled', 'cases_retained', 'deposits_kept_minor', 'win_backs'],
  sql(knex: Knex, p) {
    const ended = `((oc.state = 'RETAINED' and oc.state_entered_at >= ?::timestamptz and oc.state_entered_at < ?::timestamptz)
                   or (oc.state = 'CLOSED' and oc.closed_at >= ?::timestamptz and oc.closed_at < ?::timestamptz))`;
    const retained = `oc.state = 'RETAINED' and oc.state_entered_at >= ?::timestamptz and oc.state_entered_at < ?::timestamptz`;
    return knex
      .select(
        'c.rm_id',
        knex.raw(`(select count(*) from offboarding_case oc join customer x on x.id = oc.customer_id
                    where x.rm_id = c.rm_id and oc.initiated_by = 'CUSTOMER' and ${ended})::int as cases_handled`, [p.from, p.to, p.from, p.to]),
        knex.raw(`(select count(*) from offboarding_case oc join customer x on x.id = oc.customer_id
                    where x.rm_id = c.rm_id and oc.initiated_by = 'CUSTOMER' and ${retained})::int as cases_retained`, [p.from, p.to]),
        // The current deposits of the customers whose exit ended retained in the period, each counted once.
        knex.raw(`(select coalesce(sum(x.total_deposits_minor), 0) from customer x where x.rm_id = c.rm_id and exists (
                    select 1 from offboarding_case oc where oc.customer_id = x.id and oc.initiated_by = 'CUSTOMER' and ${retained}))::bigint as deposits_kept_minor`, [p.from, p.to]),
        // Customers won back in the period (once each, however many approaches).
        knex.raw(`(select count(distinct w.customer_id) from win_back_attempt w join customer x on x.id = w.customer_id
                    where x.rm_id = c.rm_id and w.outcome = 'WON_BACK' and w.recorded_at >= ?::timestamptz and w.recorded_at < ?::timestamptz)::int as win_backs`, [p.from, p.to]),
      )
      .from(knex('customer').distinct('rm_id').whereNotNull('rm_id').as('c'));
  },
};

export const offboardingContacts: CustomerContacts = {
  source: 'offboarding',
  sql: (knex: Knex) =>
    knex('retention_attempt as ra').join('offboarding_case as oc', 'oc.id', 'ra.case_id').select('oc.customer_id', 'ra.recorded_at as contacted_at')
      .unionAll((qb) => qb.from('win_back_attempt as w').select('w.customer_id', 'w.recorded_at as contacted_at')),
};

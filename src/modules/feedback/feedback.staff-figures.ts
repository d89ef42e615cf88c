// What feedback adds to staff retention performance: per relationship manager, the complaints of their
// book resolved in the period, how many by their deadline, and the median time to resolve them; and its
// contacts with customers (every piece of feedback received).
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerContacts, StaffFigures } from '../../module';

export const feedbackStaffFigures: StaffFigures = {
  source: 'feedback',
  figures: ['complaints_resolved', 'complaints_resolved_in_time', 'median_resolution_hours'],
  sql(knex: Knex, p) {
    return p.managed(knex('feedback as f'), 'f.customer_id')
      .where('f.kind', 'COMPLAINT')
      .whereNotNull('f.resolved_at')
      .where('f.resolved_at', '>=', p.from)
      .where('f.resolved_at', '<', p.to)
      .groupBy('c.rm_id')
      .select(
        'c.rm_id',
        knex.raw('count(*)::int as complaints_resolved'),
        knex.raw('(count(*) filter (where f.resolved_at <= f.resolve_by))::int as complaints_resolved_in_time'),
        knex.raw('(percentile_cont(0.5) within group (order by extract(epoch from f.resolved_at - f.received_at) / 3600))::float8 as median_resolution_hours'),
      );
  },
};

export const feedbackContacts: CustomerContacts = {
  source: 'feedback',
  sql: (knex: Knex) => knex('feedback').select('customer_id', 'received_at as contacted_at'),
};

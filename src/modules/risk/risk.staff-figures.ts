// What risk adds to staff retention performance: per relationship manager, the active customers of their
// book at HIGH or CRITICAL risk now (current score) with whom no module recorded a contact in the 30 days
// before now.
import type { Knex } from '@mikro-orm/postgresql';
import type { StaffFigures } from '../../module';

export const riskStaffFigures: StaffFigures = {
  source: 'risk',
  figures: ['high_risk_without_contact'],
  sql(knex: Knex, p) {
    return p.managed(knex('risk_current_score as r'), 'r.customer_id')
      .where('c.status', 'ACTIVE')
      .whereIn('r.band', ['HIGH', 'CRITICAL'])
      .whereNotExists(
        knex.select(1).from(p.contacts.clone().as('k')).whereRaw('k.customer_id = r.customer_id')
          .whereRaw(`k.contacted_at > ?::timestamptz - interval '30 days' and k.contacted_at <= ?::timestamptz`, [p.now, p.now]),
      )
      .groupBy('c.rm_id')
      .select('c.rm_id', knex.raw('count(*)::int as high_risk_without_contact'));
  },
};

// What retention offers add to other modules: the customer's recent answers to offers, as attributes that
// segments and risk models read (a declined offer is a signal for churn risk).
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerAttribute } from '../../module';
import { loyaltyCapabilities as l } from './permissions';

/** Offers the customer answered `status` in the 90 days to the date; only answers given by then count. */
const answered90d = (status: 'ACCEPTED' | 'DECLINED') => (knex: Knex, asOf: Date) =>
  knex.raw(
    `(select count(*) from offer_assignment oa
       where oa.customer_id = c.id and oa.status = '${status}'
         and oa.answered_at <= ?::timestamptz and oa.answered_at > (?::timestamptz - interval '90 days'))::float8`,
    [asOf, asOf],
  );

/** The set-based form of both: one pass over the answers given in the 90 days to the date, grouped by customer. */
const answeredSql = (knex: Knex, asOf: Date) =>
  knex.raw(
    `select oa.customer_id,
       (count(*) filter (where oa.status = 'DECLINED'))::float8 as "loyalty.offersDeclined90d",
       (count(*) filter (where oa.status = 'ACCEPTED'))::float8 as "loyalty.offersAccepted90d"
     from offer_assignment oa
     where oa.status in ('DECLINED', 'ACCEPTED') and oa.answered_at <= ?::timestamptz and oa.answered_at > (?::timestamptz - interval '90 days')
     group by oa.customer_id`,
    [asOf, asOf],
  );
const grouped = { group: 'loyalty.offerAnswers', groupSql: answeredSql, groupAbsent: 0 };

export const offerAttributes: CustomerAttribute[] = [
  {
    name: 'loyalty.offersDeclined90d',
    description: 'Retention offers the customer declined in the 90 days to the date.',
    unit: 'offers',
    type: 'number',
    capability: l.read,
    sql: answered90d('DECLINED'),
    ...grouped,
  },
  {
    name: 'loyalty.offersAccepted90d',
    description: 'Retention offers the customer accepted in the 90 days to the date.',
    unit: 'offers',
    type: 'number',
    capability: l.read,
    sql: answered90d('ACCEPTED'),
    ...grouped,
  },
];

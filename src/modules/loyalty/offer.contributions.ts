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

export const offerAttributes: CustomerAttribute[] = [
  {
    name: 'loyalty.offersDeclined90d',
    description: 'Retention offers the customer declined in the 90 days to the date.',
    unit: 'offers',
    type: 'number',
    capability: l.read,
    sql: answered90d('DECLINED'),
  },
  {
    name: 'loyalty.offersAccepted90d',
    description: 'Retention offers the customer accepted in the 90 days to the date.',
    unit: 'offers',
    type: 'number',
    capability: l.read,
    sql: answered90d('ACCEPTED'),
  },
];

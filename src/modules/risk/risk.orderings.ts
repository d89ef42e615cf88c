// Orderings risk adds to the customers list: by the current score, and by band (most severe first when
// descending) then score. Only for viewers who may read scores; the list checks the capability and
// bounds itself to the customers within its reach (a relationship manager's own book). Customers
// without a current score come last in either direction.
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerOrdering } from '../../module';
import { riskCapabilities } from './permissions';

const joinCurrentScore = (qb: Knex.QueryBuilder) => {
  qb.leftJoin('risk_current_score as risk_order', 'risk_order.customer_id', 'c.id');
};

export const riskScoreOrdering: CustomerOrdering = {
  name: 'risk.score',
  description: 'By the current churn-risk score (0..1) under the active model; DESC puts the most at risk first. Unscored customers come last.',
  capability: riskCapabilities.read,
  join: joinCurrentScore,
  keys: [{ sql: 'risk_order.score', type: 'float' }],
};

export const riskBandOrdering: CustomerOrdering = {
  name: 'risk.band',
  description: 'By the current churn-risk band (LOW < MEDIUM < HIGH < CRITICAL), then by score within the band. Unscored customers come last.',
  capability: riskCapabilities.read,
  join: joinCurrentScore,
  keys: [
    { sql: `array_position(array['LOW','MEDIUM','HIGH','CRITICAL']::text[], risk_order.band)`, type: 'integer' },
    { sql: 'risk_order.score', type: 'float' },
  ],
};

// What risk offers segment rules and statistics about a customer: the churn-risk score and band that a
// model gave them as of a date (the newest model score computed by then; external scores from a bank's
// own platform are history, never the score). Read by those who may read scores. Never model features:
// a model is not trained on its own output.
import type { CustomerAttribute } from '../../module';
import { riskCapabilities } from './permissions';
import { RiskBand } from './risk.model-spec';

const newestModelScore = (column: 'score' | 'band') =>
  `(select s.${column} from risk_score s where s.customer_id = c.id and s.model_id is not null and s.computed_at <= ?::timestamptz
     order by s.computed_at desc, s.id desc limit 1)`;

export const riskAttributes: CustomerAttribute[] = [
  {
    name: 'risk.score',
    description: 'The churn-risk score a model gave the customer, as of the date (0..1; none before their first score).',
    unit: 'probability',
    type: 'number',
    capability: riskCapabilities.read,
    sql: (knex, asOf) => knex.raw(newestModelScore('score'), [asOf]),
  },
  {
    name: 'risk.band',
    description: 'The churn-risk band of that score (LOW, MEDIUM, HIGH, CRITICAL).',
    unit: '',
    type: 'text',
    values: Object.values(RiskBand) as string[],
    capability: riskCapabilities.read,
    sql: (knex, asOf) => knex.raw(newestModelScore('band'), [asOf]),
  },
];

/** Names of risk's own attributes: never features of a model. */
export const RISK_OWN_ATTRIBUTES = new Set(riskAttributes.map((a) => a.name));

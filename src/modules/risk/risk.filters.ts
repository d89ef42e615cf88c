// Filters risk adds to the customers list: by the current band, and from a minimum score. Only for
// viewers who may read scores (the list checks the capability); a relationship manager's list is
// already bounded to the book.
import { CommonErrorCode, invalid, problem } from '../../domain/errors';
import type { CustomerFilter } from '../../module';
import { riskCapabilities } from './permissions';
import { RiskBand } from './risk.model-spec';

const BANDS = Object.values(RiskBand) as string[];

export const riskBandFilter: CustomerFilter = {
  name: 'risk.band',
  description: 'Only customers whose current churn-risk band is one of these (LOW, MEDIUM, HIGH, CRITICAL).',
  capability: riskCapabilities.read,
  apply(qb, value) {
    const bands = Array.isArray(value) ? value : [value];
    if (bands.length === 0 || bands.length > BANDS.length || !bands.every((b) => typeof b === 'string' && BANDS.includes(b))) {
      invalid([problem(['filter', 'risk.band'], CommonErrorCode.INVALID, `Bands are ${BANDS.join(', ')}`)]);
    }
    qb.whereExists(function inBand(this: import('@mikro-orm/postgresql').Knex.QueryBuilder) {
      this.select(1).from('risk_current_score as rs').whereRaw('rs.customer_id = c.id').whereIn('rs.band', bands as string[]);
    });
  },
};

export const riskMinScoreFilter: CustomerFilter = {
  name: 'risk.minScore',
  description: 'Only customers whose current churn-risk score is at least this (0..1).',
  capability: riskCapabilities.read,
  apply(qb, value) {
    // Over GraphQL a contributed filter's value arrives as text ("0.5").
    const score = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      invalid([problem(['filter', 'risk.minScore'], CommonErrorCode.INVALID, 'A score is between 0 and 1')]);
    }
    qb.whereExists(function atLeast(this: import('@mikro-orm/postgresql').Knex.QueryBuilder) {
      this.select(1).from('risk_current_score as rs').whereRaw('rs.customer_id = c.id').where('rs.score', '>=', score);
    });
  },
};

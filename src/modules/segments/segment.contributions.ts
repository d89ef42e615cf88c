// What segments adds to other modules: a segment filter on the customers list, and "member of segment"
// as a condition of offers.
import type { Knex } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { keyOf } from '../../graphql/relay';
import type { CustomerFilter, EligibilityCheck } from '../../module';
import { segmentCapabilities } from './permissions';
import { isMember } from './segment.service';

/** Customers who are current members of the segment (its global id). */
export const segmentFilter: CustomerFilter<string> = {
  name: 'segments.segmentId',
  description: 'Only current members of this Segment (its id).',
  capability: segmentCapabilities.read,
  apply(qb: Knex.QueryBuilder, value: string, _ctx: Context) {
    const key = keyOf(String(value), 'Segment');
    // A to-many filter is an EXISTS, never a join.
    qb.whereExists(function member(this: Knex.QueryBuilder) {
      this.select(1).from('segment_membership as sm').whereRaw('sm.customer_id = c.id').andWhere('sm.segment_id', key).whereNull('sm.left_at');
    });
  },
};

/**
 * An offer restricted to a segment names it in `segmentKey`; the customer must be a current member.
 * Offers without one are not this check's concern.
 */
export const memberOfSegment: EligibilityCheck = {
  name: 'segments.memberOfSegment',
  async check(em, customerKey, offer) {
    const segmentKey = typeof offer.segmentKey === 'string' ? offer.segmentKey : null;
    if (!segmentKey) return null;
    return (await isMember(em, segmentKey, customerKey)) ? null : 'The customer is not a member of the segment this offer is for';
  },
  sql(knex, offer) {
    const segmentKey = typeof offer.segmentKey === 'string' ? offer.segmentKey : null;
    if (!segmentKey) return knex.raw('true');
    return knex.raw('exists (select 1 from segment_membership sm where sm.segment_id = ?::uuid and sm.customer_id = c.id and sm.left_at is null)', [segmentKey]);
  },
};

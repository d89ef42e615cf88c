// A segment as a group of customers other modules act on by its id (feedback links an incident's
// customers from a segment): its current members, for those who may read segments.
import type { CustomerGroup } from '../../module';
import { segmentCapabilities } from './permissions';

export const segmentGroup: CustomerGroup = {
  typeName: 'Segment',
  capability: segmentCapabilities.read,
  async members(em, key) {
    const knex = em.getKnex();
    const found = await knex('segment').select('id').where('id', key).first();
    if (!found) return null;
    return { query: knex('segment_membership').select('customer_id').where({ segment_id: key }).whereNull('left_at') };
  },
};

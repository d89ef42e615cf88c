// Risk's part of anonymising a customer: their scores (history and current) describe the person's
// behaviour, so they go; the audit event records that they did.
import { recordAudit } from '../../audit/audit.writer';
import type { Anonymiser } from '../../module';

export const riskAnonymiser: Anonymiser = {
  source: 'risk',
  async anonymise(em, customerKey, deps) {
    const knex = em.getKnex();
    await knex('risk_alert').where('customer_id', customerKey).delete();
    const current = await knex('risk_current_score').where('customer_id', customerKey).delete();
    const history = await knex('risk_score').where('customer_id', customerKey).delete();
    if (current + history === 0) return [];
    recordAudit(em, deps, {
      action: 'risk.scores_erased', entityType: 'Customer', entityId: customerKey, customerId: customerKey, changes: [{ field: 'riskScores' }],
    });
    return ['riskScores'];
  },
};

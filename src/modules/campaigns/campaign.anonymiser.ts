// Campaigns' part of anonymising a customer: their assignments keep the arm, the deposits at launch and,
// frozen, the first full exit after launch and the answer to the offer, so that results stay the same;
// the customer key and the link to their proposal go.
import type { Knex } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit.writer';
import type { Anonymiser } from '../../module';
import { offerAnswers } from '../loyalty/public';
import { closedExits } from '../offboarding/public';

export const campaignAnonymiser: Anonymiser = {
  source: 'campaigns',
  async anonymise(em, customerKey, actor) {
    const knex = (em.getTransactionContext() ?? em.getKnex()) as Knex;
    const done = (
      await knex.raw(
          `update campaign_assignment ca set
             exited_at = (select min(e.closed_at) from ? e join campaign k on k.id = ca.campaign_id where e.customer_id = ca.customer_id and e.closed_at > k.launched_at),
             accepted = (select oa.status = 'ACCEPTED' from ? oa where oa.id = ca.offer_assignment_id),
             customer_id = null, offer_assignment_id = null, anonymised_at = ?::timestamptz
           where ca.customer_id = ?::uuid returning ca.id`,
        [closedExits(knex), offerAnswers(knex), actor.now, customerKey],
      )
    ).rows as { id: string }[];
    if (!done.length) return [];
    recordAudit(em, actor, {
      action: 'campaigns.assignments_anonymised', entityType: 'Customer', entityId: customerKey, customerId: customerKey,
      changes: [{ field: 'CampaignAssignment.customer' }],
    });
    await em.flush();
    return ['CampaignAssignment.customer'];
  },
};

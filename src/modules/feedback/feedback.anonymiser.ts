// Feedback's part of anonymising a customer: the customer's words, the resolutions written to them and
// the notes of their handling are erased; scores, kinds, dates and the audit trail stay. On an erasure
// request before the retention date, only the texts of what is not a complaint go: complaint records
// are kept with the rest of the relationship until then.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../../audit/audit.writer';
import type { Anonymiser } from '../../module';
import { FeedbackKind } from './feedback.entity';

async function eraseTexts(em: EntityManager, actor: AuditActor, customerKey: string, complaintsToo: boolean): Promise<string[]> {
  const knex = em.getKnex();
  const kinds = complaintsToo ? '' : `and f.kind <> '${FeedbackKind.COMPLAINT}'`;
  const [counts] = await em.getConnection().execute(knex.raw(
    `with erased as (
       update feedback f set text = null, resolution = null, text_erased_at = :now, updated_at = :now, version = f.version + 1
       where f.customer_id = :customer and (f.text is not null or f.resolution is not null) ${kinds}
       returning f.id
     ), notes as (
       update feedback_transition t set note = null, note_erased_at = :now
       from feedback f
       where t.feedback_id = f.id and f.customer_id = :customer and t.note is not null ${kinds}
       returning t.id
     )
     select (select count(*) from erased)::int as texts, (select count(*) from notes)::int as notes`,
    { now: actor.now, customer: customerKey },
  ), [], 'all', em.getTransactionContext());
  const erased = [...(counts.texts > 0 ? ['feedbackTexts'] : []), ...(counts.notes > 0 ? ['feedbackNotes'] : [])];
  if (erased.length) {
    recordAudit(em, actor, {
      action: 'feedback.texts_erased',
      entityType: 'Customer',
      entityId: customerKey,
      customerId: customerKey,
      changes: [
        ...(counts.texts > 0 ? [{ field: 'feedbackTexts', old: counts.texts, new: 0 }] : []),
        ...(counts.notes > 0 ? [{ field: 'feedbackNotes', old: counts.notes, new: 0 }] : []),
      ],
    });
  }
  return erased;
}

export const feedbackAnonymiser: Anonymiser = {
  source: 'feedback',
  anonymise: (em, customerKey, actor) => eraseTexts(em, actor, customerKey, true),
  eraseUnneeded: (em, customerKey, actor) => eraseTexts(em, actor, customerKey, false),
};

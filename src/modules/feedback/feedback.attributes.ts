// Facts about a customer from their feedback, for segment rules and risk features, each evaluated as
// of a date from what had been recorded by then: a row counts only when it was received and recorded
// (created) by the date, and a complaint's status at the date comes from its history, not from today's row.
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerAttribute } from '../../module';
import { FeedbackKind } from './feedback.entity';
import { feedbackCapabilities } from './permissions';

/** Feedback of the customer `c` that existed at the date (the one binding). */
const EXISTED = `f.customer_id = c.id and f.received_at <= ?::timestamptz and f.created_at <= ?::timestamptz`;

export const complaints90d: CustomerAttribute = {
  name: 'feedback.complaints90d',
  description: 'Complaints the customer made in the 90 days up to the date.',
  unit: 'complaints',
  type: 'number',
  capability: feedbackCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `(select count(*)::int from feedback f where ${EXISTED} and f.kind = '${FeedbackKind.COMPLAINT}'
          and f.received_at > ?::timestamptz - interval '90 days')`,
      [asOf, asOf, asOf],
    ),
};

const LAST_NPS = `(select f.nps from feedback f where ${EXISTED} and f.nps is not null order by f.received_at desc, f.id desc limit 1)`;

export const lastNps: CustomerAttribute = {
  name: 'feedback.lastNps',
  description: 'The customer\'s latest Net Promoter Score answer (0..10) given by the date; null without one.',
  unit: 'points',
  type: 'number',
  capability: feedbackCapabilities.read,
  sql: (knex: Knex, asOf: Date) => knex.raw(`${LAST_NPS}::int`, [asOf, asOf]),
};

export const detractor: CustomerAttribute = {
  name: 'feedback.detractor',
  description: 'The customer\'s latest NPS answer by the date was 0..6 (a detractor); null without one.',
  unit: '',
  type: 'boolean',
  capability: feedbackCapabilities.read,
  sql: (knex: Knex, asOf: Date) => knex.raw(`(${LAST_NPS} <= 6)`, [asOf, asOf]),
};

export const unresolvedComplaintAgeDays: CustomerAttribute = {
  name: 'feedback.unresolvedComplaintAgeDays',
  description: 'Whole days since the oldest of the customer\'s complaints still unresolved at the date was received; null when none was.',
  unit: 'days',
  type: 'number',
  capability: feedbackCapabilities.read,
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `(select floor(extract(epoch from (?::timestamptz - min(f.received_at))) / 86400)::int
          from feedback f
         where ${EXISTED} and f.kind = '${FeedbackKind.COMPLAINT}'
           and coalesce((select t.to_status from feedback_transition t
                          where t.feedback_id = f.id and t.occurred_at <= ?::timestamptz
                          order by t.occurred_at desc, t.seq desc limit 1), 'OPEN') not in ('RESOLVED', 'CLOSED'))`,
      [asOf, asOf, asOf, asOf],
    ),
};

export const feedbackAttributes: CustomerAttribute[] = [complaints90d, lastNps, detractor, unresolvedComplaintAgeDays];

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

// The set-based form: every feedback attribute from one pass over the feedback that existed at the date,
// grouped by customer; a complaint's status at the date from its latest transition by then (one lookup per
// complaint). Each column restates the per-customer expression above.
const feedbackSql = (knex: Knex, asOf: Date) =>
  knex.raw(
    `select f.customer_id,
       count(*) filter (where f.kind = '${FeedbackKind.COMPLAINT}' and f.received_at > p.t - interval '90 days')::int as "feedback.complaints90d",
       ((array_agg(f.nps order by f.received_at desc, f.id desc) filter (where f.nps is not null))[1])::int as "feedback.lastNps",
       ((array_agg(f.nps order by f.received_at desc, f.id desc) filter (where f.nps is not null))[1] <= 6) as "feedback.detractor",
       floor(extract(epoch from (p.t - min(f.received_at) filter (where f.kind = '${FeedbackKind.COMPLAINT}'
         and coalesce(st.to_status, 'OPEN') not in ('RESOLVED', 'CLOSED')))) / 86400)::int as "feedback.unresolvedComplaintAgeDays"
     from (select ?::timestamptz as t) p
     join feedback f on f.received_at <= p.t and f.created_at <= p.t
     left join lateral (select t.to_status from feedback_transition t
                         where f.kind = '${FeedbackKind.COMPLAINT}' and t.feedback_id = f.id and t.occurred_at <= p.t
                         order by t.occurred_at desc, t.seq desc limit 1) st on true
     group by f.customer_id, p.t`,
    [asOf],
  );

for (const a of [complaints90d, lastNps, detractor, unresolvedComplaintAgeDays]) {
  Object.assign(a, { group: 'feedback', groupSql: feedbackSql, groupAbsent: a === complaints90d ? 0 : undefined });
}

export const feedbackAttributes: CustomerAttribute[] = [complaints90d, lastNps, detractor, unresolvedComplaintAgeDays];

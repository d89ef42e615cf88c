// The complaint jobs: plain functions on the clock; the scheduler runs them, tests call them directly.
// Each is one set-based statement that changes the rows, appends their history and writes their audit
// events together, guarded so that a row is changed once however often, and on however many replicas,
// the job runs: an UPDATE ... WHERE overdue_at IS NULL re-checks its condition on a row another run
// has just changed (PostgreSQL re-evaluates it after the row lock), and skips it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import { globalIdSql } from '../../domain/ids';
import { FeedbackKind, FeedbackStatus } from './feedback.entity';
import { FEEDBACK_TRANSITIONS, FeedbackTransitionName as T, OPEN_STATUSES } from './state-machine';

export const OVERDUE_JOB = 'feedback.overdue';
export const CLOSE_JOB = 'feedback.close';

export interface FeedbackJobDeps {
  em: EntityManager;
  now: Date;
  config: Config;
}

/** The history row and audit event of each row in `changed` (a CTE returning id, customer_id, from_status, status and the changes). */
function historyAndAudit(transition: T, note: string, events = ''): string {
  return `, history as (
  insert into feedback_transition (id, feedback_id, transition, from_status, to_status, actor_kind, actor_id, occurred_at, note, request_id)
  select gen_random_uuid(), c.id, '${transition}', c.from_status, c.status, 'system', 'system', :now, '${note}', null from changed c
), audit as (
  insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
  select gen_random_uuid(), :now, 'system', 'system', '${FEEDBACK_TRANSITIONS[transition].action}', 'Feedback', c.id, c.customer_id, c.changes, null from changed c
)${events}
select c.id from changed c`;
}

/**
 * Marks complaints whose acknowledgement or resolution deadline has passed while they are open as
 * overdue and escalates each one level, once. Returns the keys of the complaints it escalated.
 */
export async function runOverdueJob(deps: FeedbackJobDeps): Promise<string[]> {
  const knex = deps.em.getKnex();
  const rows: { id: string }[] = await deps.em.getConnection().execute(knex.raw(
    `with changed as (
  update feedback f set
    overdue_at = :now, escalation_level = f.escalation_level + 1, escalated_at = :now, updated_at = :now, version = f.version + 1
  where f.overdue_at is null
    and f.kind = '${FeedbackKind.COMPLAINT}'
    and f.status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})
    and ((f.status = '${FeedbackStatus.OPEN}' and f.acknowledge_by <= :now) or f.resolve_by <= :now)
  returning f.id, f.customer_id, f.status as from_status, f.status,
    jsonb_build_array(
      jsonb_build_object('field', 'overdueAt', 'old', null, 'new', to_jsonb(f.overdue_at)),
      jsonb_build_object('field', 'escalationLevel', 'old', f.escalation_level - 1, 'new', f.escalation_level)) as changes,
    f.escalation_level as level,
    case when f.status = '${FeedbackStatus.OPEN}' and f.acknowledge_by <= :now then 'ACKNOWLEDGE' else 'RESOLVE' end as deadline,
    case when f.status = '${FeedbackStatus.OPEN}' and f.acknowledge_by <= :now then f.acknowledge_by else f.resolve_by end as due
)${historyAndAudit(T.markOverdue, 'A deadline passed while the complaint was open', `, events as (
  insert into domain_event (id, type, occurred_at, customer_id, payload, actor_kind, actor_id, request_id)
  select gen_random_uuid(), e.type, :now, c.customer_id, e.payload, 'system', 'system', null
    from changed c
    cross join lateral (values
      ('complaint.overdue', jsonb_build_object('feedbackId', ${globalIdSql('Feedback', 'c.id')}, 'customerId', ${globalIdSql('Customer', 'c.customer_id')},
        'deadline', c.deadline, 'due', c.due, 'at', :now)),
      ('complaint.escalated', jsonb_build_object('feedbackId', ${globalIdSql('Feedback', 'c.id')}, 'customerId', ${globalIdSql('Customer', 'c.customer_id')},
        'level', c.level, 'by', 'system', 'at', :now))
    ) as e(type, payload)
)`)}`,
    { now: deps.now },
  ));
  return rows.map((r) => r.id);
}

/** Closes complaints resolved more than the configured number of days ago and not reopened since. */
export async function runCloseJob(deps: FeedbackJobDeps): Promise<string[]> {
  const cutoff = new Date(deps.now.getTime() - deps.config.feedback.closeAfterDays * 86_400_000);
  const knex = deps.em.getKnex();
  const rows: { id: string }[] = await deps.em.getConnection().execute(knex.raw(
    `with changed as (
  update feedback f set status = '${FeedbackStatus.CLOSED}', closed_at = :now, updated_at = :now, version = f.version + 1
  where f.status = '${FeedbackStatus.RESOLVED}' and f.resolved_at <= :cutoff
  returning f.id, f.customer_id, cast('${FeedbackStatus.RESOLVED}' as text) as from_status, f.status,
    jsonb_build_array(jsonb_build_object('field', 'status', 'old', '${FeedbackStatus.RESOLVED}', 'new', f.status)) as changes
)${historyAndAudit(T.close, 'Resolved and not reopened in time')}`,
    { now: deps.now, cutoff },
  ));
  return rows.map((r) => r.id);
}

import { Migration } from '@mikro-orm/migrations';

// Feedback (surveys, complaints, suggestions, compliments, support requests, exit interviews) and the
// handling history of each. Nothing is deleted by the application: feedback changes status and its
// text is erased on anonymisation; the history only grows, but for notes erased with the text.
export class Migration20261201100100_feedback extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table feedback (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  external_id text null,
  channel text not null check (channel in ('SURVEY','PHONE','BRANCH','CHAT','EMAIL','APP_REVIEW','SOCIAL')),
  kind text not null check (kind in ('SATISFACTION_SURVEY','COMPLAINT','SUGGESTION','COMPLIMENT','SUPPORT_REQUEST','EXIT_INTERVIEW')),
  nps smallint null check (nps between 0 and 10),
  csat smallint null check (csat between 1 and 5),
  text text null,
  language text null check (language in ('en','zh')),
  sentiment_score numeric(5,4) null check (sentiment_score between -1 and 1),
  sentiment_label text null check (sentiment_label in ('NEGATIVE','NEUTRAL','POSITIVE')),
  topics text[] not null default '{}',
  status text not null check (status in ('OPEN','ACKNOWLEDGED','IN_PROGRESS','RESOLVED','CLOSED')),
  severity text not null check (severity in ('LOW','MEDIUM','HIGH','CRITICAL')),
  assignee_id uuid null references staff_user(id) on update cascade on delete set null,
  received_at timestamptz not null,
  acknowledge_by timestamptz null,
  resolve_by timestamptz null,
  acknowledged_at timestamptz null,
  resolved_at timestamptz null,
  closed_at timestamptz null,
  overdue_at timestamptz null,
  escalation_level integer not null default 0 check (escalation_level >= 0),
  escalated_at timestamptz null,
  resolution text null,
  resolution_outcome text null check (resolution_outcome in ('UPHELD','PARTIALLY_UPHELD','NOT_UPHELD','WITHDRAWN')),
  offboarding_case_id uuid null references offboarding_case(id) on update cascade,
  text_erased_at timestamptz null,
  version integer not null default 1,
  -- Deadlines belong to complaints only, and come in pairs.
  check ((kind = 'COMPLAINT') = (acknowledge_by is not null and resolve_by is not null)),
  check (kind = 'EXIT_INTERVIEW' or offboarding_case_id is null),
  check (status not in ('RESOLVED','CLOSED') or resolved_at is not null),
  check (status <> 'CLOSED' or closed_at is not null),
  check (text_erased_at is null or text is null)
);
-- Re-sends of an imported response carry the same external id from the same source.
create unique index feedback_external_idx on feedback (channel, external_id) where external_id is not null;
-- Customer.feedback, newest first, and the customer attributes as of a date.
create index feedback_customer_idx on feedback (customer_id, received_at desc, id desc);
-- The list's keyset orderings.
create index feedback_received_idx on feedback (received_at, id);
create index feedback_resolve_by_idx on feedback (resolve_by, id) where resolve_by is not null;
create index feedback_severity_idx on feedback ((case severity when 'LOW' then 0 when 'MEDIUM' then 1 when 'HIGH' then 2 else 3 end), received_at, id);
-- The overdue job: open complaints not yet marked overdue.
create index feedback_overdue_idx on feedback (status, resolve_by) where overdue_at is null and acknowledge_by is not null;
-- The close job: resolved complaints waiting to close.
create index feedback_resolved_idx on feedback (resolved_at) where status = 'RESOLVED';
create index feedback_assignee_idx on feedback (assignee_id) where assignee_id is not null;
create index feedback_case_idx on feedback (offboarding_case_id) where offboarding_case_id is not null;
create index feedback_topics_idx on feedback using gin (topics);

create table feedback_transition (
  id uuid primary key,
  seq bigint generated always as identity, -- order of insertion, for steps in the same instant
  feedback_id uuid not null references feedback(id),
  transition text not null,
  from_status text null,
  to_status text not null,
  actor_kind text not null check (actor_kind in ('staff','partner','system')),
  actor_id text not null,
  occurred_at timestamptz not null,
  note text null,
  note_erased_at timestamptz null,
  request_id text null
);
create index feedback_transition_feedback_idx on feedback_transition (feedback_id, seq);

create function feedback_transition_is_append_only() returns trigger language plpgsql as $$
begin
  -- The one change allowed: erasing a note when the customer is anonymised.
  if tg_op = 'UPDATE' and new.note is null and new.note_erased_at is not null
     and (new.id, new.seq, new.feedback_id, new.transition, new.from_status, new.to_status, new.actor_kind, new.actor_id, new.occurred_at, new.request_id)
       is not distinct from
         (old.id, old.seq, old.feedback_id, old.transition, old.from_status, old.to_status, old.actor_kind, old.actor_id, old.occurred_at, old.request_id) then
    return new;
  end if;
  raise exception 'feedback_transition is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger feedback_transition_no_update before update or delete on feedback_transition
  for each row execute function feedback_transition_is_append_only();
create trigger feedback_transition_no_truncate before truncate on feedback_transition
  for each statement execute function feedback_transition_is_append_only();

grant select, insert, update on feedback to keel_runtime;
grant select, insert on feedback_transition to keel_runtime;
grant update (note, note_erased_at) on feedback_transition to keel_runtime;
`);
  }
}

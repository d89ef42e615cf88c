import { Migration } from '@mikro-orm/migrations';

// Offboarding cases, their transition history, settlement checklists, retention attempts, legal holds
// and win-back attempts. The history is append-only like the audit trail: the one change allowed is
// erasing a free-text note (an erasure request), which the trigger checks and the service audits.
export class Migration20261128000400_offboarding extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table offboarding_case (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  initiated_by text not null check (initiated_by in ('CUSTOMER','BANK')),
  reason text not null check (reason in ('FEES','INTEREST_RATES','SERVICE_QUALITY','DIGITAL_EXPERIENCE','RELOCATION',
    'COMPETITOR_OFFER','DECEASED','RISK_APPETITE','AML_CONCERN','DORMANCY','OTHER')),
  reason_detail text null,
  scope text not null check (scope in ('FULL','PARTIAL')),
  scope_account_ids jsonb not null default '[]',
  assignee_id uuid null references staff_user(id) on update cascade on delete set null,
  state text not null check (state in ('REQUESTED','RETENTION','RETAINED','PENDING_APPROVAL','NOTICE','SETTLEMENT','CLOSED','CANCELLED')),
  state_entered_at timestamptz not null,
  initiator_kind text not null check (initiator_kind in ('staff','partner','system')),
  initiator_id text not null,
  submitted_by text null,
  approved_by text null,
  approved_at timestamptz null,
  notified_at timestamptz null,
  notice_ends_at timestamptz null,
  retention_answer text null check (retention_answer in ('ACCEPTED','DECLINED')),
  settlement_started_at timestamptz null,
  closed_at timestamptz null,
  closed_account_ids jsonb not null default '[]',
  retain_until timestamptz null,
  legal_basis text null,
  cancel_reason text null,
  notes_erased_at timestamptz null,
  anonymised_at timestamptz null,
  version integer not null default 1,
  check (state <> 'CLOSED' or (closed_at is not null and retain_until is not null and legal_basis is not null))
);
-- Only one open case per customer, whatever races.
create unique index offboarding_case_one_open_idx on offboarding_case (customer_id)
  where state in ('REQUESTED','RETENTION','PENDING_APPROVAL','NOTICE','SETTLEMENT');
create index offboarding_case_created_idx on offboarding_case (created_at, id);
create index offboarding_case_customer_idx on offboarding_case (customer_id, created_at);
create index offboarding_case_state_idx on offboarding_case (state, state_entered_at);
create index offboarding_case_assignee_idx on offboarding_case (assignee_id);
create index offboarding_case_retention_idx on offboarding_case (retain_until) where state = 'CLOSED' and anonymised_at is null;

create table case_transition (
  id uuid primary key,
  seq bigint generated always as identity, -- order of insertion, for steps in the same instant
  case_id uuid not null references offboarding_case(id),
  transition text not null,
  from_state text null,
  to_state text not null,
  actor_kind text not null check (actor_kind in ('staff','partner','system')),
  actor_id text not null,
  occurred_at timestamptz not null,
  note text null,
  note_erased_at timestamptz null,
  request_id text null
);
create index case_transition_case_idx on case_transition (case_id, seq);

create function case_transition_is_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.note is null and new.note_erased_at is not null
     and (new.id, new.seq, new.case_id, new.transition, new.from_state, new.to_state, new.actor_kind, new.actor_id, new.occurred_at, new.request_id)
       is not distinct from
         (old.id, old.seq, old.case_id, old.transition, old.from_state, old.to_state, old.actor_kind, old.actor_id, old.occurred_at, old.request_id) then
    return new;
  end if;
  raise exception 'case_transition is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger case_transition_no_update before update or delete on case_transition
  for each row execute function case_transition_is_append_only();
create trigger case_transition_no_truncate before truncate on case_transition
  for each statement execute function case_transition_is_append_only();

create table retention_attempt (
  id uuid primary key,
  seq bigint generated always as identity,
  case_id uuid not null references offboarding_case(id),
  offer text not null,
  answer text not null check (answer in ('ACCEPTED','DECLINED')),
  recorded_at timestamptz not null,
  recorded_by text not null
);
create index retention_attempt_case_idx on retention_attempt (case_id, seq);

create table checklist_item (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  case_id uuid not null references offboarding_case(id),
  position integer not null,
  source text not null,
  kind text not null,
  label text not null,
  required boolean not null default true,
  account_id uuid null references account(id) on update cascade,
  done_at timestamptz null,
  done_by text null,
  destination text null,
  amount_minor bigint null,
  currency character(3) null,
  note text null,
  unique (case_id, position)
);

create table legal_hold (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  reason text not null,
  placed_by text not null,
  placed_at timestamptz not null,
  released_by text null,
  released_at timestamptz null,
  release_note text null
);
create unique index legal_hold_one_active_idx on legal_hold (customer_id) where released_at is null;

create table win_back_attempt (
  id uuid primary key,
  seq bigint generated always as identity,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  offer text not null,
  outcome text not null check (outcome in ('INTERESTED','DECLINED','NO_RESPONSE','WON_BACK')),
  note text null,
  recorded_at timestamptz not null,
  recorded_by text not null
);
create index win_back_attempt_customer_idx on win_back_attempt (customer_id, seq);

-- Nothing here is deleted by the application: cases and holds change state, history only grows.
grant select, insert, update on offboarding_case, checklist_item, legal_hold, win_back_attempt to keel_runtime;
grant select, insert on case_transition, retention_attempt to keel_runtime;
grant update (note, note_erased_at) on case_transition to keel_runtime;
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// The platform's append-only audit trail, and no temporary tables for the runtime role. Databases
// migrated before modules owned their migrations have all of this already (the customers foundation
// and the access client budgets once did it), so every statement here may run again.
export class Migration20261201000100_audit_trail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table if not exists audit_event (
  id uuid primary key,
  occurred_at timestamptz not null,
  actor_kind text not null check (actor_kind in ('staff','partner','system')),
  actor_id text not null,
  action text not null,
  entity_type text not null,
  entity_id uuid null,
  customer_id uuid null,
  changes jsonb not null default '[]',
  request_id text null
);
create index if not exists audit_event_customer_idx on audit_event (customer_id, occurred_at);
create index if not exists audit_event_actor_idx on audit_event (actor_id, occurred_at);
create index if not exists audit_event_time_idx on audit_event (occurred_at, id);

create or replace function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
drop trigger if exists audit_event_no_update on audit_event;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_is_append_only();
drop trigger if exists audit_event_no_truncate on audit_event;
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_is_append_only();

grant select, insert on audit_event to keel_runtime;
do $$ begin execute format('revoke temporary on database %I from public', current_database()); end $$;
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// Incidents (outages, service failures, fraud waves, data breaches, reputational events), the customers
// each touched, and the bank's updates about it. Updates are the record of what the bank said, when and
// to whom: the runtime role may add them and read them, never change or remove them. A complaint names
// the incident it is about through feedback.incident_id.
export class Migration20261201100500_incidents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table incident (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  title text not null check (length(title) between 1 and 200),
  kind text not null check (kind in ('OUTAGE','SERVICE_FAILURE','FRAUD','DATA_BREACH','REPUTATIONAL')),
  severity text not null check (severity in ('LOW','MEDIUM','HIGH','CRITICAL')),
  status text not null check (status in ('OPEN','MONITORING','RESOLVED')),
  started_at timestamptz not null,
  ended_at timestamptz null,
  summary text null check (length(summary) <= 5000),
  opened_by_kind text not null check (opened_by_kind in ('staff','partner','system')),
  opened_by text not null,
  version integer not null default 1,
  -- An incident has ended exactly when it is resolved, and not before it started.
  check ((status = 'RESOLVED') = (ended_at is not null)),
  check (ended_at is null or ended_at >= started_at)
);
-- The list's keyset ordering (newest first) and its status filter.
create index incident_started_idx on incident (started_at, id);
create index incident_status_idx on incident (status, started_at, id);

create table incident_customer (
  incident_id uuid not null references incident(id),
  customer_id uuid not null references customer(id) on update cascade,
  linked_at timestamptz not null,
  linked_by text not null,
  primary key (incident_id, customer_id)
);
-- Customer.incidents.
create index incident_customer_customer_idx on incident_customer (customer_id, incident_id);

create table incident_update (
  id uuid primary key,
  seq bigint generated always as identity, -- order of posting, for updates in the same instant
  incident_id uuid not null references incident(id),
  message text not null check (length(message) between 1 and 5000),
  customer_visible boolean not null,
  channel text not null check (channel in ('INTERNAL','WEBSITE','APP','EMAIL','SMS','BRANCH','SOCIAL','PRESS')),
  posted_at timestamptz not null,
  posted_by_kind text not null check (posted_by_kind in ('staff','partner','system')),
  posted_by text not null,
  request_id text null
);
create index incident_update_incident_idx on incident_update (incident_id, seq);

create function incident_update_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'incident_update is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger incident_update_no_change before update or delete on incident_update
  for each row execute function incident_update_is_append_only();
create trigger incident_update_no_truncate before truncate on incident_update
  for each statement execute function incident_update_is_append_only();

alter table feedback add column incident_id uuid null references incident(id);
-- Only complaints are about an incident.
alter table feedback add constraint feedback_incident_complaint check (incident_id is null or kind = 'COMPLAINT');
-- Incident.complaints, oldest first.
create index feedback_incident_idx on feedback (incident_id, received_at, id) where incident_id is not null;

grant select, insert, update on incident to keel_runtime;
grant select, insert on incident_customer to keel_runtime;
grant select, insert on incident_update to keel_runtime;
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// The outbox: domain events are rows written in the same transaction as the change that raised them,
// so a change that rolls back raises nothing and one that commits is never lost. A statement trigger
// notifies listeners, which PostgreSQL delivers only at commit; the relay publishes the rows in order
// and marks them. The runtime role may insert and read events and set when they were published, nothing else.
export class Migration20261201000400_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table domain_event (
  id uuid primary key,
  seq bigint generated always as identity unique,
  type text not null,
  occurred_at timestamptz not null,
  customer_id uuid null,
  payload jsonb not null,
  actor_kind text not null check (actor_kind in ('staff','partner','system')),
  actor_id text not null,
  request_id text null,
  published_at timestamptz null
);
create index domain_event_unpublished_idx on domain_event (seq) where published_at is null;
create index domain_event_customer_idx on domain_event (customer_id, seq);

create function domain_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('keel_domain_events', '');
  return null;
end $$;
create trigger domain_event_inserted after insert on domain_event
  for each statement execute function domain_event_notify();

grant select, insert on domain_event to keel_runtime;
grant update (published_at) on domain_event to keel_runtime;
`);
  }
}

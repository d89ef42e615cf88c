import { Migration } from '@mikro-orm/migrations';

// Segments (a rule, or a hand-picked list) and their membership with joined/left history, so that a
// segment's size on any past day is the count of rows open on that day. Membership rows are closed,
// never deleted: the history is what churn by segment and size over time are computed from.
export class Migration20261201400100_segments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table segment (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  name text not null,
  description text null,
  kind text not null check (kind in ('DYNAMIC','STATIC')),
  rule jsonb null,
  owner_id text not null,
  member_count integer not null default 0,
  refreshed_at timestamptz null,
  version integer not null default 1,
  check ((kind = 'DYNAMIC') = (rule is not null))
);
create unique index segment_name_idx on segment (lower(name));
create index segment_created_idx on segment (created_at, id);

create table segment_membership (
  id bigint generated always as identity primary key,
  segment_id uuid not null references segment(id),
  customer_id uuid not null references customer(id) on update cascade,
  joined_at timestamptz not null,
  left_at timestamptz null,
  check (left_at is null or left_at >= joined_at)
);
-- One open membership per customer and segment, whatever races.
create unique index segment_membership_open_idx on segment_membership (segment_id, customer_id) where left_at is null;
create index segment_membership_customer_idx on segment_membership (customer_id) where left_at is null;
create index segment_membership_history_idx on segment_membership (segment_id, joined_at);

-- Segments are edited, not deleted; membership rows are opened and closed, never removed.
grant select, insert, update on segment to keel_runtime;
grant select, insert on segment_membership to keel_runtime;
grant update (left_at) on segment_membership to keel_runtime;
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// Staff, customers, accounts and the append-only audit trail. Privileges go to the keel_runtime
// group: requests can read and write rows but never change the schema or rewrite the audit trail.
export class Migration20261128000100_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table staff_user (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  subject text not null unique,
  name text not null,
  email text null
);

create table customer (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  external_ref text not null unique,
  first_name text not null,
  last_name text not null,
  email text null,
  phone text null,
  date_of_birth date null,
  national_id_enc text null,
  address text null,
  region text null,
  preferred_channel text null check (preferred_channel in ('BRANCH','PHONE','EMAIL','MOBILE','WEB')),
  marketing_consent boolean not null default false,
  marketing_consent_at timestamptz null,
  status text not null default 'ACTIVE' check (status in ('ACTIVE','OFFBOARDING','EXITED')),
  restricted boolean not null default false,
  joined_at timestamptz not null,
  exited_at timestamptz null,
  won_back_at timestamptz null,
  rm_id uuid null references staff_user(id) on update cascade on delete set null,
  total_deposits_minor bigint not null default 0 check (total_deposits_minor >= 0),
  total_debt_minor bigint not null default 0 check (total_debt_minor >= 0),
  open_product_count integer not null default 0 check (open_product_count >= 0),
  balance_trend_90d_bp integer null,
  months_since_last_activity integer null check (months_since_last_activity >= 0),
  profile_as_of timestamptz null,
  version integer not null default 1
);
create index customer_name_idx on customer (last_name, first_name, id);
create index customer_rm_name_idx on customer (rm_id, last_name, first_name, id);
create index customer_joined_idx on customer (joined_at, id);
create index customer_deposits_idx on customer (total_deposits_minor, id);
create index customer_status_idx on customer (status);

create table account (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  external_ref text not null unique,
  type text not null check (type in ('CURRENT','SAVINGS','TERM_DEPOSIT','CREDIT_CARD','PERSONAL_LOAN','MORTGAGE','WEALTH')),
  currency character(3) not null check (currency ~ '^[A-Z]{3}$'),
  balance_minor bigint not null default 0 check (balance_minor >= 0),
  outstanding_minor bigint not null default 0 check (outstanding_minor >= 0),
  status text not null default 'OPEN' check (status in ('OPEN','FROZEN','CLOSED')),
  opened_at date not null,
  closed_at date null,
  as_of timestamptz null
);
create index account_customer_opened_idx on account (customer_id, opened_at);

create table audit_event (
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
create index audit_event_customer_idx on audit_event (customer_id, occurred_at);
create index audit_event_actor_idx on audit_event (actor_id, occurred_at);
create index audit_event_time_idx on audit_event (occurred_at, id);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_is_append_only();

grant select, insert, update, delete on staff_user, customer, account to keel_runtime;
grant select, insert on audit_event to keel_runtime;
`);
  }
}

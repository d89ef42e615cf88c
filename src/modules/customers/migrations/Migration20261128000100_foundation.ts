import { Migration } from '@mikro-orm/migrations';

// Staff, customers and accounts. Privileges go to the keel_runtime group: requests can read and
// write rows but never change the schema. (The audit trail, once created here too, is the platform's
// Migration20261201000100_audit_trail.)
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

-- Nothing in Keel deletes staff, customers or accounts (databases migrated before the module split
-- had delete granted here and revoked by Migration20261128000700_client_budgets).
grant select, insert, update on staff_user, customer, account to keel_runtime;
`);
  }
}

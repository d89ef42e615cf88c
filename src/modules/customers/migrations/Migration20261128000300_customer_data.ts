import { Migration } from '@mikro-orm/migrations';

// Behaviour data and exchange rates that core banking feeds in, and the indexes behind the derived
// customer columns. Every ingested row carries the `as_of` of its newest message, so that a late
// message is recognised as stale and never overwrites newer data.
export class Migration20261128000300_customer_data extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table activity_snapshot (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  month date not null,
  transaction_count integer not null,
  transaction_volume_minor bigint not null,
  average_balance_minor bigint not null,
  currency character(3) not null,
  digital_logins integer not null,
  salary_credited boolean not null,
  as_of timestamptz not null,
  -- one snapshot per customer per month; the index also serves "newest N months of these customers"
  constraint activity_snapshot_customer_month_key unique (customer_id, month),
  constraint activity_snapshot_month_first_day check (extract(day from month) = 1),
  constraint activity_snapshot_counts_non_negative check (transaction_count >= 0 and digital_logins >= 0),
  constraint activity_snapshot_amounts_non_negative check (transaction_volume_minor >= 0 and average_balance_minor >= 0),
  constraint activity_snapshot_currency_format check (currency ~ '^[A-Z]{3}$')
);

-- The latest rate per currency to the deployment's reporting currency: 1 unit of currency = rate units.
create table fx_rate (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  currency character(3) not null,
  rate numeric(20, 10) not null,
  minor_digits smallint not null,
  as_of timestamptz not null,
  constraint fx_rate_currency_key unique (currency),
  constraint fx_rate_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint fx_rate_positive check (rate > 0),
  constraint fx_rate_minor_digits_range check (minor_digits between 0 and 4)
);

alter table account add constraint account_closed_after_opened check (closed_at is null or closed_at >= opened_at);

-- Derived columns are for ordering and filtering lists (keyset: value, id).
create index customer_debt_idx on customer (total_debt_minor, id);
create index customer_open_products_idx on customer (open_product_count, id);
create index customer_balance_trend_idx on customer (balance_trend_90d_bp, id);
create index customer_inactivity_idx on customer (months_since_last_activity, id);

grant select, insert, update on activity_snapshot, fx_rate to keel_runtime;
`);
  }
}

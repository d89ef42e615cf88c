import { Migration } from '@mikro-orm/migrations';

// Retention offers: the catalogue (with its budget and what has been reserved of it) and the offers
// proposed to customers. An offer's reservation is counted on its own row, so that one conditional
// update decides whether a proposal still fits the budget, whatever proposals race with it.
export class Migration20261201200500_offers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table retention_offer (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  kind text not null check (kind in ('RATE_DISCOUNT','FEE_WAIVER','BONUS_POINTS','CASHBACK','EXCLUSIVE_PRODUCT')),
  name text not null,
  terms text not null,
  value bigint not null check (value >= 0),
  valid_from timestamptz not null,
  valid_until timestamptz not null,
  min_tier text null check (min_tier in ('BRONZE','SILVER','GOLD','PLATINUM')),
  product_types text[] not null,
  budget_count integer null check (budget_count > 0),
  budget_value bigint null check (budget_value > 0),
  reserved_count integer not null default 0,
  reserved_value bigint not null default 0,
  status text not null check (status in ('ACTIVE','RETIRED')),
  created_by text not null,
  retired_at timestamptz null,
  version integer not null default 1,
  check (valid_from < valid_until),
  -- The budget is never overspent: proposals reserve it with a conditional update on this row.
  check (reserved_count >= 0 and (budget_count is null or reserved_count <= budget_count)),
  check (reserved_value >= 0 and (budget_value is null or reserved_value <= budget_value))
);
create index retention_offer_list_idx on retention_offer (created_at, id);

create table offer_assignment (
  id uuid primary key,
  offer_id uuid not null references retention_offer(id),
  customer_id uuid not null references customer(id),
  value bigint not null,
  proposed_by text not null,
  proposed_at timestamptz not null,
  expires_at timestamptz not null,
  status text not null check (status in ('PROPOSED','ACCEPTED','DECLINED','EXPIRED','WITHDRAWN')),
  answered_at timestamptz null,
  answered_by text null,
  channel text null,
  offboarding_case_id uuid null references offboarding_case(id),
  retention_attempt_id uuid null unique references retention_attempt(id),
  posting_id uuid null references points_posting(id),
  answer_idempotency_scope text null,
  answer_idempotency_key text null,
  answer_request_hash text null,
  check ((status = 'PROPOSED') = (answered_at is null)),
  check ((answer_idempotency_scope is null) = (answer_idempotency_key is null) and (answer_idempotency_key is null) = (answer_request_hash is null))
);
-- One open proposal of an offer per customer.
create unique index offer_assignment_open_idx on offer_assignment (offer_id, customer_id) where status = 'PROPOSED';
-- A caller's key answers one offer once.
create unique index offer_assignment_answer_key_idx on offer_assignment (answer_idempotency_scope, answer_idempotency_key) where answer_idempotency_key is not null;
create index offer_assignment_customer_idx on offer_assignment (customer_id, proposed_at, id);
create index offer_assignment_offer_idx on offer_assignment (offer_id, status);
create index offer_assignment_due_idx on offer_assignment (expires_at) where status = 'PROPOSED';
create index offer_assignment_answered_idx on offer_assignment (customer_id, answered_at) where status in ('ACCEPTED','DECLINED');

grant select, insert, update on retention_offer, offer_assignment to keel_runtime;
`);
  }
}

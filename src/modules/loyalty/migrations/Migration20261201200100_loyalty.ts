import { Migration } from '@mikro-orm/migrations';

// Loyalty accounts, their tier history, and the points ledger: postings (one per movement) and their
// double-entry lines against the programme's own accounts. The ledger is append-only: the runtime role may
// only read and insert it, and every posting's lines sum to zero (checked when the transaction commits).
// The one change allowed is erasing a posting's free-text reason when a customer is anonymised.
export class Migration20261201200100_loyalty extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table loyalty_account (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  customer_id uuid not null unique references customer(id) on update cascade,
  status text not null check (status in ('ACTIVE','SUSPENDED','CLOSED')),
  tier text not null check (tier in ('BRONZE','SILVER','GOLD','PLATINUM')),
  enrolled_at timestamptz not null,
  tier_changed_at timestamptz null,
  status_reason text null,
  closed_at timestamptz null,
  version integer not null default 1
);
create index loyalty_account_created_idx on loyalty_account (created_at, id);
create index loyalty_account_tier_idx on loyalty_account (tier) where status <> 'CLOSED';

create table tier_change (
  id uuid primary key,
  seq bigint generated always as identity,
  account_id uuid not null references loyalty_account(id),
  from_tier text null check (from_tier in ('BRONZE','SILVER','GOLD','PLATINUM')),
  to_tier text not null check (to_tier in ('BRONZE','SILVER','GOLD','PLATINUM')),
  reason text not null,
  points_earned_12m bigint not null,
  changed_at timestamptz not null,
  actor_kind text not null check (actor_kind in ('staff','partner','system')),
  actor_id text not null
);
create index tier_change_account_idx on tier_change (account_id, changed_at, seq);

create table points_posting (
  id uuid primary key,
  seq bigint generated always as identity, -- posting order: the order of the account-row lock
  account_id uuid not null references loyalty_account(id),
  kind text not null check (kind in ('EARN','REDEEM','EXPIRE','ADJUST','REVERSE','SETTLE')),
  amount bigint not null check (amount > 0),
  delta bigint not null check (delta <> 0 and abs(delta) = amount),
  reason text null,
  reason_erased_at timestamptz null,
  reverses_posting_id uuid null unique references points_posting(id),
  actor_kind text not null check (actor_kind in ('staff','partner','system')),
  actor_id text not null,
  approved_by text null,
  idempotency_scope text null,
  idempotency_key text null,
  request_hash text null,
  posted_at timestamptz not null,
  expires_at timestamptz null,
  request_id text null,
  check ((idempotency_scope is null) = (idempotency_key is null) and (idempotency_key is null) = (request_hash is null)),
  check ((kind = 'REVERSE') = (reverses_posting_id is not null)),
  check (expires_at is null or delta > 0)
);
-- A key belongs to its caller: one posting per (caller, key), whatever races.
create unique index points_posting_idempotency_idx on points_posting (idempotency_scope, idempotency_key) where idempotency_key is not null;
create index points_posting_account_idx on points_posting (account_id, seq);
create index points_posting_account_time_idx on points_posting (account_id, posted_at);
create index points_posting_lots_idx on points_posting (expires_at) where expires_at is not null;

create table points_line (
  id uuid primary key,
  seq bigint generated always as identity,
  posting_id uuid not null references points_posting(id),
  ledger_account text not null check (ledger_account in ('CUSTOMER','ISSUED','REDEEMED','EXPIRED','FORFEITED')),
  account_id uuid null references loyalty_account(id),
  amount bigint not null check (amount <> 0),
  check ((ledger_account = 'CUSTOMER') = (account_id is not null))
);
create index points_line_posting_idx on points_line (posting_id);
create index points_line_account_idx on points_line (account_id) where account_id is not null;

-- Every posting balances, and no customer's balance goes below zero: checked at commit, once the
-- posting's lines are all in.
create function points_line_balances() returns trigger language plpgsql as $$
declare
  total bigint;
begin
  select coalesce(sum(amount), 0) into total from points_line where posting_id = new.posting_id;
  if total <> 0 then
    raise exception 'points posting % does not balance (lines sum to %)', new.posting_id, total using errcode = 'check_violation';
  end if;
  if new.account_id is not null then
    select coalesce(sum(amount), 0) into total from points_line where account_id = new.account_id;
    if total < 0 then
      raise exception 'loyalty account % would go below zero points', new.account_id using errcode = 'check_violation';
    end if;
  end if;
  return null;
end $$;
create constraint trigger points_line_balanced after insert on points_line
  deferrable initially deferred for each row execute function points_line_balances();

create function loyalty_ledger_is_append_only() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'points_posting' and tg_op = 'UPDATE' and new.reason is null and new.reason_erased_at is not null
     and (new.id, new.seq, new.account_id, new.kind, new.amount, new.delta, new.reverses_posting_id, new.actor_kind, new.actor_id,
          new.approved_by, new.idempotency_scope, new.idempotency_key, new.request_hash, new.posted_at, new.expires_at, new.request_id)
       is not distinct from
         (old.id, old.seq, old.account_id, old.kind, old.amount, old.delta, old.reverses_posting_id, old.actor_kind, old.actor_id,
          old.approved_by, old.idempotency_scope, old.idempotency_key, old.request_hash, old.posted_at, old.expires_at, old.request_id) then
    return new;
  end if;
  raise exception '% is append-only (% refused)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger points_posting_no_update before update or delete on points_posting
  for each row execute function loyalty_ledger_is_append_only();
create trigger points_posting_no_truncate before truncate on points_posting
  for each statement execute function loyalty_ledger_is_append_only();
create trigger points_line_no_update before update or delete on points_line
  for each row execute function loyalty_ledger_is_append_only();
create trigger points_line_no_truncate before truncate on points_line
  for each statement execute function loyalty_ledger_is_append_only();
create trigger tier_change_no_update before update or delete on tier_change
  for each row execute function loyalty_ledger_is_append_only();

-- An adjustment above the approval threshold waits here for a second admin.
create table points_adjustment (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  account_id uuid not null references loyalty_account(id),
  delta bigint not null check (delta <> 0),
  reason text null,
  status text not null check (status in ('PENDING','APPROVED','REJECTED')),
  requested_by text not null,
  decided_by text null,
  decided_at timestamptz null,
  posting_id uuid null references points_posting(id),
  idempotency_scope text not null,
  idempotency_key text not null,
  request_hash text not null,
  version integer not null default 1,
  check (status = 'PENDING' or decided_by is not null),
  check (decided_by is null or decided_by <> requested_by)
);
create unique index points_adjustment_idempotency_idx on points_adjustment (idempotency_scope, idempotency_key);
create index points_adjustment_account_idx on points_adjustment (account_id, created_at);

grant select, insert, update on loyalty_account, points_adjustment to keel_runtime;
grant select, insert on tier_change, points_posting, points_line to keel_runtime;
grant update (reason, reason_erased_at) on points_posting to keel_runtime;
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// Campaigns: a catalogue offer to a segment through a channel, with a holdout. Each customer of the
// segment with marketing consent at launch is assigned to TREATMENT or HOLDOUT by a hash of the campaign
// and the customer, so the split is the same whoever computes it. An assignment keeps what its results
// need after anonymisation (the exit and the answer, frozen), and then no customer key.
export class Migration20261201500100_campaigns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table campaign (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  name text not null check (char_length(name) between 1 and 120),
  description text null,
  offer_id uuid not null references retention_offer(id),
  segment_id uuid not null references segment(id),
  channel text not null check (channel in ('EMAIL','SMS','PUSH','MAIL','PHONE','BRANCH')),
  holdout_percent integer not null check (holdout_percent between 1 and 99),
  state text not null check (state in ('DRAFT','LAUNCHED','CLOSED')),
  launched_at timestamptz null,
  closed_at timestamptz null,
  created_by text not null,
  treated_count integer not null default 0,
  holdout_count integer not null default 0,
  without_consent_count integer not null default 0,
  proposed_count integer not null default 0,
  version integer not null default 1,
  check ((state = 'DRAFT') = (launched_at is null)),
  check ((state = 'CLOSED') = (closed_at is not null))
);
create index campaign_list_idx on campaign (created_at, id);

create table campaign_assignment (
  id bigint generated always as identity primary key,
  campaign_id uuid not null references campaign(id),
  customer_id uuid null references customer(id) on update cascade,
  arm text not null check (arm in ('TREATMENT','HOLDOUT')),
  assigned_at timestamptz not null,
  -- The customer's total deposits at launch, in minor units of the reporting currency.
  deposits_minor bigint not null,
  offer_assignment_id uuid null references offer_assignment(id),
  -- Frozen at anonymisation, when the customer key goes: the first full exit after launch, and the answer.
  exited_at timestamptz null,
  accepted boolean null,
  anonymised_at timestamptz null,
  check ((anonymised_at is null) = (customer_id is not null))
);
create unique index campaign_assignment_customer_idx on campaign_assignment (campaign_id, customer_id);
create index campaign_assignment_by_customer_idx on campaign_assignment (customer_id);

grant select, insert, update on campaign to keel_runtime;
grant select, insert on campaign_assignment to keel_runtime;
grant update (offer_assignment_id, customer_id, exited_at, accepted, anonymised_at) on campaign_assignment to keel_runtime;
`);
  }
}

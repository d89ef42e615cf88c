import { Migration } from '@mikro-orm/migrations';
import {
  DEFAULT_BANDS, DEFAULT_FEATURES, DEFAULT_HORIZON_MONTHS, DEFAULT_INTERCEPT, DEFAULT_MODEL_DESCRIPTION, DEFAULT_MODEL_VERSION,
} from '../risk.default-model';

/** The default model's id, the same in every installation. */
export const DEFAULT_MODEL_ID = '7a1e0000-0000-4000-8000-000000000001';

const literal = (value: unknown) => `'${JSON.stringify(value).replace(/'/g, "''")}'`;

// Churn models (versioned numbers, status, who trained and activated them), the history of scores
// (append-only for the runtime role) and each customer's current score under the active model,
// indexed for lists filtered and ordered by band and score. The default model ships ACTIVE.
export class Migration20261201300100_risk extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table risk_model (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null constraint risk_model_version_key unique,
  kind text not null check (kind in ('LOGISTIC')),
  description text not null,
  features jsonb not null check (jsonb_typeof(features) = 'array'),
  intercept double precision not null,
  band_thresholds jsonb not null,
  training_from date null,
  training_to date null,
  snapshot_dates jsonb not null default '[]',
  horizon_months integer not null check (horizon_months between 1 and 36),
  regularisation double precision not null check (regularisation >= 0),
  training_size integer not null check (training_size >= 0),
  holdout_size integer not null check (holdout_size >= 0),
  metrics jsonb null,
  status text not null check (status in ('DRAFT','TRAINING','ACTIVE','RETIRED','FAILED')),
  failure_reason text null,
  trained_by text not null,
  activated_by text null,
  activated_at timestamptz null,
  retired_at timestamptz null,
  check (status <> 'ACTIVE' or activated_at is not null)
);
-- One active model at a time, whatever races.
create unique index risk_model_one_active_idx on risk_model (status) where status = 'ACTIVE';

create table risk_score (
  id uuid primary key,
  customer_id uuid not null references customer(id) on update cascade,
  model_id uuid null references risk_model(id),
  model_version integer null,
  source text not null check (char_length(source) between 1 and 60),
  score double precision not null check (score >= 0 and score <= 1),
  band text not null check (band in ('LOW','MEDIUM','HIGH','CRITICAL')),
  logit double precision null,
  factors jsonb not null default '[]',
  triggered_by text not null,
  computed_at timestamptz not null
);
create index risk_score_customer_idx on risk_score (customer_id, computed_at desc, id desc);

create table risk_current_score (
  customer_id uuid primary key references customer(id) on update cascade,
  score_id uuid not null references risk_score(id),
  model_id uuid not null references risk_model(id),
  model_version integer not null,
  score double precision not null check (score >= 0 and score <= 1),
  band text not null check (band in ('LOW','MEDIUM','HIGH','CRITICAL')),
  logit double precision not null,
  factors jsonb not null,
  computed_at timestamptz not null
);
create index risk_current_score_score_idx on risk_current_score (score desc, customer_id);
create index risk_current_score_band_idx on risk_current_score (band, score desc, customer_id);

insert into risk_model (id, created_at, updated_at, version, kind, description, features, intercept, band_thresholds,
  horizon_months, regularisation, training_size, holdout_size, status, trained_by, activated_by, activated_at)
values ('${DEFAULT_MODEL_ID}', now(), now(), ${DEFAULT_MODEL_VERSION}, 'LOGISTIC', ${literal(DEFAULT_MODEL_DESCRIPTION)},
  ${literal(DEFAULT_FEATURES)}::jsonb, ${DEFAULT_INTERCEPT}, ${literal(DEFAULT_BANDS)}::jsonb,
  ${DEFAULT_HORIZON_MONTHS}, 0, 0, 0, 'ACTIVE', 'system:keel', 'system:keel', now());

-- Exits from before Keel (imported) for churn labels. A bank-initiated exit keeps no reason: its
-- reason may not reach anyone who could tip the customer off, so it is never stored here.
create table risk_exit (
  id uuid primary key,
  created_at timestamptz not null,
  customer_id uuid not null references customer(id) on update cascade,
  exited_at timestamptz not null,
  initiator text not null check (initiator in ('CUSTOMER','BANK')),
  reason text null check (reason in ('FEES','INTEREST_RATES','SERVICE_QUALITY','DIGITAL_EXPERIENCE','RELOCATION',
    'COMPETITOR_OFFER','DECEASED','OTHER')),
  imported_by text not null,
  check (initiator = 'CUSTOMER' or reason is null),
  constraint risk_exit_customer_exited_key unique (customer_id, exited_at)
);

-- A band that rises to HIGH or CRITICAL raises an alert for the customer's relationship manager.
create table risk_alert (
  id uuid primary key,
  customer_id uuid not null references customer(id) on update cascade,
  score_id uuid not null references risk_score(id) on delete cascade,
  from_band text not null check (from_band in ('LOW','MEDIUM','HIGH','CRITICAL')),
  to_band text not null check (to_band in ('LOW','MEDIUM','HIGH','CRITICAL')),
  score double precision not null,
  raised_at timestamptz not null,
  acknowledged_at timestamptz null,
  acknowledged_by text null
);
create index risk_alert_raised_idx on risk_alert (raised_at desc, id desc);
create index risk_alert_customer_idx on risk_alert (customer_id);

grant select, insert, update on risk_model to keel_runtime;
grant select, insert, delete on risk_alert to keel_runtime;
grant update (acknowledged_at, acknowledged_by) on risk_alert to keel_runtime;
grant select, insert on risk_exit to keel_runtime;
grant select, insert, delete on risk_score to keel_runtime;
grant select, insert, update, delete on risk_current_score to keel_runtime;
`);
  }
}

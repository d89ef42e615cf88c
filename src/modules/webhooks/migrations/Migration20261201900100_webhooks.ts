import { Migration } from '@mikro-orm/migrations';
import { JOB_QUEUE_SCHEMA } from '../../../../migrations/Migration20261201000300_job_queue';

/** The pg-boss queue of webhook deliveries (one message per attempt). */
export const DELIVERY_QUEUE = 'webhook-delivery';

// Webhook subscriptions and their delivery attempts, and the queue the attempts travel on. A
// subscription's signing secrets are stored encrypted only. The queue is created here by the owner
// role, since creating a queue creates a table; its own retries only cover a worker that died in the
// middle of an attempt (the delivery's retries, with their backoff, are new messages). The runtime role
// may write subscriptions and add attempts; attempts are never changed afterwards.
export class Migration20261201900100_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table webhook_subscription (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  client_id uuid null references api_client (id),
  created_by text not null,
  url text not null,
  event_types text[] not null,
  filter_segment_id uuid null,
  filter_band text null,
  filter_region text null,
  secret_encrypted text not null,
  previous_secret_encrypted text null,
  previous_secret_expires_at timestamptz null,
  secret_rotated_at timestamptz null,
  status text not null,
  paused_reason text null,
  paused_at timestamptz null,
  constraint webhook_subscription_url_length check (char_length(url) between 1 and 2000),
  constraint webhook_subscription_types check (cardinality(event_types) between 1 and 100),
  constraint webhook_subscription_status check (status in ('ACTIVE', 'PAUSED')),
  constraint webhook_subscription_paused check ((status = 'PAUSED') = (paused_at is not null)),
  constraint webhook_subscription_previous check ((previous_secret_encrypted is null) = (previous_secret_expires_at is null))
);
create index webhook_subscription_created_idx on webhook_subscription (created_at, id);
create index webhook_subscription_client_idx on webhook_subscription (client_id, created_at, id);
create index webhook_subscription_types_idx on webhook_subscription using gin (event_types) where status = 'ACTIVE';

create table webhook_delivery (
  id uuid primary key,
  subscription_id uuid not null references webhook_subscription (id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  attempt integer not null check (attempt >= 1),
  status text not null check (status in ('SUCCEEDED', 'FAILED')),
  response_code integer null,
  duration_ms integer not null,
  error text null check (char_length(error) <= 500),
  response_excerpt text null check (char_length(response_excerpt) <= 500),
  attempted_at timestamptz not null,
  next_attempt_at timestamptz null
);
create index webhook_delivery_subscription_idx on webhook_delivery (subscription_id, attempted_at, id);
create index webhook_delivery_event_idx on webhook_delivery (subscription_id, event_id);

grant select, insert, update, delete on webhook_subscription to keel_runtime;
grant select, insert, delete on webhook_delivery to keel_runtime;
select ${JOB_QUEUE_SCHEMA}.create_queue('${DELIVERY_QUEUE}',
  '{"policy":"standard","retryLimit":2,"retryDelay":60,"retryBackoff":false,"expireInSeconds":120}'::json);
`);
  }
}

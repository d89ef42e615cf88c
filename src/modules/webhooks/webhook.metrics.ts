// Webhooks' own Prometheus series, served at /metrics by each app (the module's `metrics` list).
// The outcome of an attempt: `delivered` (a 2xx), `retrying` (failed, the next attempt queued),
// `dead` (failed with no attempt to follow: the retry period is over, or the owner may no longer read
// the event's type) and, counted only, `dropped` (not attempted: the subscription is paused or deleted,
// the event gone, or the owner's access ended).
import { moduleCounter, moduleHistogram } from '../../metrics';

export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead' | 'dropped';

export const webhookDeliveries = moduleCounter<'outcome'>({
  name: 'keel_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered, retrying, dead, dropped.',
  labelNames: ['outcome'],
});

export const webhookDeliverySeconds = moduleHistogram<'outcome'>({
  name: 'keel_webhook_delivery_seconds',
  help: 'Time of a webhook delivery attempt\'s call, from the start of the POST to its answer or failure, by outcome.',
  labelNames: ['outcome'],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/** Counts one attempt and, when a call was made (or refused before it), its duration. */
export function recordDelivery(outcome: DeliveryOutcome, durationMs?: number): void {
  webhookDeliveries.inc({ outcome });
  if (durationMs !== undefined) webhookDeliverySeconds.observe({ outcome }, Math.max(0, durationMs) / 1000);
}

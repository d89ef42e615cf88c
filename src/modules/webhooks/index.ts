import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { webhooksExamples } from './webhooks.examples';
import { webhooksMigrations } from './migrations';
import { webhookCapabilities, webhookPermissions } from './permissions';
import { WebhookSubscription } from './webhook-subscription.entity';
import { attemptDelivery, DELIVERY_QUEUE, webhookConsumer } from './webhook.delivery';
import { webhookDeliveries, webhookDeliverySeconds } from './webhook.metrics';
import { webhookDeliveriesByKeys, webhookSubscriptionsByKeys } from './webhook.queries';
import { WebhookResolver } from './webhook.resolver';
import { webhooksConfig } from './webhooks.config';

// Webhooks: partners and the bank's own systems subscribe URLs to domain events; deliveries are
// signed, retried with backoff, recorded per attempt, and go to public HTTPS targets only.
export const webhooksModule: KeelModule = {
  name: 'webhooks',
  entities: [WebhookSubscription],
  resolvers: [WebhookResolver],
  rules: rulesOf(webhookPermissions),
  permissions: webhookPermissions,
  nodes: [
    { typeName: 'WebhookSubscription', capability: webhookCapabilities.manage, load: webhookSubscriptionsByKeys },
    { typeName: 'WebhookDelivery', capability: webhookCapabilities.manage, load: webhookDeliveriesByKeys },
  ],
  scopes: ['webhooks:manage'],
  examples: webhooksExamples,
  migrations: webhooksMigrations,
  config: webhooksConfig,
  metrics: [webhookDeliveries, webhookDeliverySeconds],
  queueWorkers: [{ queue: DELIVERY_QUEUE, run: (deps, data) => attemptDelivery(deps, data) }],
  contributes: {
    outboxConsumers: [webhookConsumer],
  },
};

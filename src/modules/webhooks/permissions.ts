// Webhooks are ADMIN's, or a partner's with webhooks:manage for its own client only (DESIGN.md's
// permission table): a partner never sees or changes another client's subscriptions.
import { defineCapabilities, type PermissionTable } from '../../auth/permissions';

export const webhookCapabilities = defineCapabilities('webhooks', {
  manage: {
    description: 'webhooks',
    roles: { ADMIN: 'ALL' },
    scopes: ['webhooks:manage'],
    scopeBound: 'OWN_CLIENT',
  },
});

const manage = webhookCapabilities.manage;

export const webhookPermissions: PermissionTable = {
  capabilities: webhookCapabilities,
  fields: {
    Query: { webhookSubscriptions: manage, webhookDeliveries: manage },
    Mutation: {
      createWebhookSubscription: manage,
      rotateWebhookSecret: manage,
      pauseWebhookSubscription: manage,
      resumeWebhookSubscription: manage,
      deleteWebhookSubscription: manage,
      redeliverWebhookEvent: manage,
    },
  },
};

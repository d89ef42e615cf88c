// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const webhooksExamples: ExampleOperation[] = [
  {
    query: `# Webhooks: the subscriptions you manage, whether they are active or paused (and why),
# and each one's latest delivery attempts. Secrets are never shown here.
query WebhookSubscriptions {
  webhookSubscriptions(first: 10) {
    edges {
      node {
        id url eventTypes status pausedReason pausedAt secretRotatedAt
        filters { segmentId band region }
      }
    }
  }
}
`,
  },
  {
    query: `# Subscribe a URL to events; the signing secret is returned this once. Deliveries are POSTed
# with a keel-signature header, retried with backoff, and the subscription pauses after failing for the
# whole retry period.
mutation CreateWebhookSubscription {
  createWebhookSubscription(input: { url: "https://hooks.example.com/keel", eventTypes: ["feedback.received"] }) {
    secret
    webhookSubscription { id status eventTypes }
    userErrors { field message code }
  }
}
`,
  },
];

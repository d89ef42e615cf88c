// The read model of webhooks: plain objects from SQL. No secret is ever a field.
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, Node } from '../../graphql/relay';
import { WebhookSubscriptionStatus } from './webhook-subscription.entity';

export { WebhookSubscriptionStatus };
registerEnumType(WebhookSubscriptionStatus, {
  name: 'WebhookSubscriptionStatus',
  description: 'Whether events are delivered to a subscription now.',
  valuesConfig: {
    ACTIVE: { description: 'Matching events are delivered.' },
    PAUSED: { description: 'Nothing is delivered until it is resumed; `pausedReason` says why (by its owner, or after failing deliveries for the whole retry period).' },
  },
});

export enum WebhookDeliveryStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'How one delivery attempt ended: SUCCEEDED on a 2xx answer; FAILED otherwise (another status, a redirect, a timeout, a refused target).',
});

@ObjectType('WebhookFilters', { description: 'Which events of the named types a subscription receives; all given conditions must hold.', simpleResolvers: true })
export class WebhookFiltersView {
  @Field(() => ID, { nullable: true, description: 'Only events about customers who are members of this Segment when the event is published.' })
  segmentId!: string | null;
  @Field(() => String, { nullable: true, description: 'Only events about customers whose current churn-risk band is this (LOW, MEDIUM, HIGH, CRITICAL).' })
  band!: string | null;
  @Field(() => String, { nullable: true, description: 'Only events about customers in this region.' })
  region!: string | null;
}

@ObjectType('WebhookSubscription', {
  implements: Node,
  description: 'A URL that receives signed deliveries of domain events. Its signing secret is shown only when it is created or rotated.',
  simpleResolvers: true,
})
export class WebhookSubscriptionView extends Node {
  key!: string;
  @Field({ description: 'Where deliveries are POSTed.' })
  url!: string;
  @Field(() => [String], { description: 'The event types it receives (e.g. feedback.received).' })
  eventTypes!: string[];
  @Field(() => WebhookFiltersView, { description: 'Conditions on the events\' customers.' })
  filters!: WebhookFiltersView;
  @Field(() => WebhookSubscriptionStatus, { description: 'Whether it receives deliveries now.' })
  status!: WebhookSubscriptionStatus;
  @Field(() => String, { nullable: true, description: 'Why it is paused: by whom, or the deliveries that failed for the whole retry period.' })
  pausedReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was paused.' })
  pausedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The ApiClient that owns it; null for one made by staff.' })
  apiClientId!: string | null;
  @Field({ description: 'Who made it (staff subject or the client\'s public id).' })
  createdBy!: string;
  @Field(() => Date, { description: 'When it was made.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When its secret was last rotated.' })
  secretRotatedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Until when deliveries also carry a signature with the previous secret.' })
  previousSecretExpiresAt!: Date | null;
}

@ObjectType('WebhookDelivery', { implements: Node, description: 'One attempt to deliver one event to a subscription.', simpleResolvers: true })
export class WebhookDeliveryView extends Node {
  key!: string;
  @Field({ description: 'The event\'s id, as in the delivery\'s body `id` (for de-duplication and redelivery).' })
  eventId!: string;
  @Field({ description: 'The event\'s type.' })
  eventType!: string;
  @Field(() => Int, { description: 'Which attempt of this delivery (1 for the first; a redelivery starts again at 1).' })
  attempt!: number;
  @Field(() => WebhookDeliveryStatus, { description: 'How it ended.' })
  status!: WebhookDeliveryStatus;
  @Field(() => Int, { nullable: true, description: 'The HTTP status the receiver answered, if it answered.' })
  responseCode!: number | null;
  @Field(() => Int, { description: 'Milliseconds from the start of the call to its end.' })
  durationMs!: number;
  @Field(() => String, { nullable: true, description: 'What went wrong, for a failed attempt.' })
  error!: string | null;
  @Field(() => String, { nullable: true, description: 'The start of the receiver\'s answer (at most 500 characters).' })
  responseExcerpt!: string | null;
  @Field(() => Date, { description: 'When it was made.' })
  attemptedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, after a failure within the retry period.' })
  nextAttemptAt!: Date | null;
}

export const WebhookSubscriptionConnection = ConnectionType(WebhookSubscriptionView, 'WebhookSubscription');
export const WebhookDeliveryConnection = ConnectionType(WebhookDeliveryView, 'WebhookDelivery');

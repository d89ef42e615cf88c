import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.type';

@InputType({ description: 'Conditions on the events\' customers; events about no customer do not match a subscription with filters.' })
export class WebhookFiltersInput {
  @Field(() => ID, { nullable: true, description: 'A Segment: only customers who are members when the event is published (needs segments: read).' })
  segmentId?: string | null;

  @Field(() => String, { nullable: true, description: 'A churn-risk band, LOW, MEDIUM, HIGH or CRITICAL (needs risk scores: read).' })
  @IsOptional()
  @MaxLength(20)
  band?: string | null;

  @Field(() => String, { nullable: true, description: 'A region, as core banking sends it (needs customers: read).' })
  @IsOptional()
  @Length(1, 100)
  region?: string | null;
}

@InputType({ description: 'A new webhook subscription. Its signing secret is returned once, in the payload.' })
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'Where to POST deliveries: https (http only in test configuration), never a private, loopback or link-local address. At most 2000 characters.' })
  @Length(1, 2000)
  url!: string;

  @Field(() => [String], { description: 'Domain event types to receive (1 to 100), e.g. feedback.received; a partner only those its scopes let it read.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @MaxLength(100, { each: true })
  eventTypes!: string[];

  @Field(() => WebhookFiltersInput, { nullable: true, description: 'Optional conditions on the events\' customers.' })
  @IsOptional()
  @ValidateNested()
  filters?: WebhookFiltersInput | null;
}

@InputType({ description: 'Which webhook subscription.' })
export class WebhookSubscriptionRefInput {
  @Field(() => ID, { description: 'The WebhookSubscription.' })
  id!: string;
}

@InputType({ description: 'Which webhook subscription to pause, and why.' })
export class PauseWebhookSubscriptionInput {
  @Field(() => ID, { description: 'The WebhookSubscription.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why (at most 200 characters); shown as its pause reason.' })
  @IsOptional()
  @MaxLength(200)
  reason?: string | null;
}

@InputType({ description: 'An event to deliver again to a subscription.' })
export class RedeliverWebhookEventInput {
  @Field(() => ID, { description: 'The WebhookSubscription.' })
  subscriptionId!: string;

  @Field({ description: 'The event\'s id, as in a delivery\'s body `id` or WebhookDelivery.eventId.' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'eventId must be an event id (a UUID)' })
  eventId!: string;
}

@InputType({ description: 'Narrows the webhook subscriptions; all given conditions must hold.' })
export class WebhookSubscriptionFilter {
  @Field(() => [WebhookSubscriptionStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(10)
  status_in?: WebhookSubscriptionStatus[];
}

@ArgsType()
export class WebhookSubscriptionsArgs extends ConnectionArgs {
  @Field(() => WebhookSubscriptionFilter, { nullable: true, description: 'Which subscriptions; newest first.' })
  filter?: WebhookSubscriptionFilter;
}

@InputType({ description: 'Narrows a subscription\'s delivery attempts; all given conditions must hold.' })
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryStatus], { nullable: true, description: 'Any of these outcomes.' })
  @IsOptional()
  @ArrayMaxSize(10)
  status_in?: WebhookDeliveryStatus[];

  @Field(() => String, { nullable: true, description: 'Attempts for this event id.' })
  @IsOptional()
  @MaxLength(36)
  eventId?: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The WebhookSubscription.' })
  subscriptionId!: string;

  @Field(() => WebhookDeliveryFilter, { nullable: true, description: 'Which attempts; newest first.' })
  filter?: WebhookDeliveryFilter;
}

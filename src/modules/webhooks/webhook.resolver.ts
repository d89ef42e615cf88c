// Thin resolvers: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { UserError } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, keyOrNull, pageRequest, toGlobalId } from '../../graphql/relay';
import { serviceDeps } from '../../graphql/service-deps';
import {
  CreateWebhookSubscriptionInput, PauseWebhookSubscriptionInput, RedeliverWebhookEventInput, WebhookDeliveriesArgs, WebhookSubscriptionRefInput,
  WebhookSubscriptionsArgs,
} from './webhook.inputs';
import { listWebhookDeliveries, listWebhookSubscriptions, webhookSubscriptionsByKeys } from './webhook.queries';
import {
  createProblems, createWebhookSubscription, deleteWebhookSubscription, pauseWebhookSubscription, redeliverWebhookEvent, resumeWebhookSubscription,
  rotateWebhookSecret, type SubscriptionSpec, type WebhookDeps,
} from './webhook.service';
import { WebhookDeliveryConnection, WebhookSubscriptionConnection, WebhookSubscriptionView } from './webhook.type';

/** The payload of a mutation that issues a signing secret: the subscription, the secret shown once, or userErrors. */
function IssuedSecretPayload(mutation: string) {
  @ObjectType(`${mutation[0].toUpperCase()}${mutation.slice(1)}Payload`, { description: `Result of ${mutation}.`, simpleResolvers: true })
  class Payload {
    @Field(() => WebhookSubscriptionView, { nullable: true, description: 'The subscription as saved; null when there are userErrors.' })
    webhookSubscription!: WebhookSubscriptionView | null;
    @Field(() => String, {
      nullable: true,
      description: 'The signing secret: shown this once and never again (Keel keeps it encrypted and never returns it). Null when there are userErrors.',
    })
    secret!: string | null;
    @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
    userErrors!: UserError[];
  }
  return Payload;
}

function SubscriptionPayload(mutation: string) {
  @ObjectType(`${mutation[0].toUpperCase()}${mutation.slice(1)}Payload`, { description: `Result of ${mutation}.`, simpleResolvers: true })
  class Payload {
    @Field(() => WebhookSubscriptionView, { nullable: true, description: 'The subscription as saved; null when there are userErrors.' })
    webhookSubscription!: WebhookSubscriptionView | null;
    @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
    userErrors!: UserError[];
  }
  return Payload;
}

const CreateWebhookSubscriptionPayload = IssuedSecretPayload('createWebhookSubscription');
const RotateWebhookSecretPayload = IssuedSecretPayload('rotateWebhookSecret');
const PauseWebhookSubscriptionPayload = SubscriptionPayload('pauseWebhookSubscription');
const ResumeWebhookSubscriptionPayload = SubscriptionPayload('resumeWebhookSubscription');
const RedeliverWebhookEventPayload = SubscriptionPayload('redeliverWebhookEvent');

@ObjectType('DeleteWebhookSubscriptionPayload', { description: 'Result of deleteWebhookSubscription.', simpleResolvers: true })
class DeleteWebhookSubscriptionPayload {
  @Field(() => ID, { nullable: true, description: 'The id of the deleted subscription (its delivery records go with it); null when there are userErrors.' })
  deletedId!: string | null;
  @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
  userErrors!: UserError[];
}

const deps = (ctx: Context): WebhookDeps => ({ ...serviceDeps(ctx), modules: ctx.modules });
const read = (ctx: Context) => async (r: { key: string }) => (await webhookSubscriptionsByKeys(ctx, [r.key]))[0] ?? null;
const subscriptionKey = (id: string) => keyOf(id, 'WebhookSubscription');

/** The input with its segment id decoded (an id of another type names no segment). */
function specOf(input: CreateWebhookSubscriptionInput): SubscriptionSpec {
  const f = input.filters ?? {};
  return {
    url: input.url,
    eventTypes: input.eventTypes,
    filters: { segmentKey: f.segmentId == null ? undefined : keyOrNull(f.segmentId, 'Segment'), band: f.band, region: f.region },
  };
}

@Resolver()
export class WebhookResolver {
  @Query(() => WebhookSubscriptionConnection, {
    description: 'Webhook subscriptions, newest first: all for ADMIN, a partner\'s own client\'s only. Status and pause reason; never a secret.',
  })
  webhookSubscriptions(@Args() args: WebhookSubscriptionsArgs, @Ctx() ctx: Context) {
    return listWebhookSubscriptions(ctx, { statusIn: args.filter?.status_in }, pageRequest(args, 2));
  }

  @Query(() => WebhookDeliveryConnection, {
    description: 'Delivery attempts of one subscription, newest first: status, response code, duration, error, attempt number, event id.',
  })
  webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Ctx() ctx: Context) {
    return listWebhookDeliveries(ctx, subscriptionKey(args.subscriptionId), { statusIn: args.filter?.status_in, eventId: args.filter?.eventId }, pageRequest(args, 2));
  }

  @Mutation(() => CreateWebhookSubscriptionPayload, {
    description: 'Subscribe a URL to domain event types (ADMIN, or a partner with webhooks:manage for its own client). Returns the signing secret once. Audited.',
  })
  createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() ctx: Context) {
    const spec = specOf(input);
    return mutationPayload(ctx, input, 'webhookSubscription', () => createWebhookSubscription(deps(ctx), spec), read(ctx), {
      extra: (r) => ({ secret: r.secret }),
      check: () => createProblems(spec, ctx.viewer, ctx.modules, ctx.config.webhooks),
    });
  }

  @Mutation(() => RotateWebhookSecretPayload, {
    description: 'Issue a new signing secret; deliveries carry a signature with the old one too for the overlap period (default 24 h). Audited.',
  })
  rotateWebhookSecret(@Arg('input', () => WebhookSubscriptionRefInput) input: WebhookSubscriptionRefInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'webhookSubscription', () => rotateWebhookSecret(deps(ctx), subscriptionKey(input.id)), read(ctx), {
      extra: (r) => ({ secret: r.secret }),
    });
  }

  @Mutation(() => PauseWebhookSubscriptionPayload, { description: 'Stop deliveries until resumed; the reason is shown on the subscription. Audited.' })
  pauseWebhookSubscription(@Arg('input', () => PauseWebhookSubscriptionInput) input: PauseWebhookSubscriptionInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'webhookSubscription', () => pauseWebhookSubscription(deps(ctx), subscriptionKey(input.id), input.reason), read(ctx));
  }

  @Mutation(() => ResumeWebhookSubscriptionPayload, { description: 'Deliver again from now on (events published while paused are not sent; redeliver them by id). Audited.' })
  resumeWebhookSubscription(@Arg('input', () => WebhookSubscriptionRefInput) input: WebhookSubscriptionRefInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'webhookSubscription', () => resumeWebhookSubscription(deps(ctx), subscriptionKey(input.id)), read(ctx));
  }

  @Mutation(() => DeleteWebhookSubscriptionPayload, { description: 'Delete a subscription and its delivery records; queued attempts are dropped. Audited.' })
  deleteWebhookSubscription(@Arg('input', () => WebhookSubscriptionRefInput) input: WebhookSubscriptionRefInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'deletedId', () => deleteWebhookSubscription(deps(ctx), subscriptionKey(input.id)), async (r) => toGlobalId('WebhookSubscription', r.key));
  }

  @Mutation(() => RedeliverWebhookEventPayload, { description: 'Deliver a published event to the subscription again, as a fresh delivery from attempt 1. Audited.' })
  redeliverWebhookEvent(@Arg('input', () => RedeliverWebhookEventInput) input: RedeliverWebhookEventInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'webhookSubscription', () => redeliverWebhookEvent(deps(ctx), subscriptionKey(input.subscriptionId), input.eventId), read(ctx));
  }
}

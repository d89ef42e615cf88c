// Subscribers hear of feedback as it arrives, within the same bounds as the feedback queries: the item
// is read for the subscriber, so a relationship manager hears only of their own book's customers.
import { GraphQLError } from 'graphql';
import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { can } from '../../auth/permissions';
import { eventStream } from '../../events/stream';
import type { Context } from '../../graphql/context';
import { keyOrNull } from '../../graphql/relay';
import { feedbackByKeys } from './feedback.queries';
import { FeedbackView } from './feedback.type';
import { feedbackCapabilities as cap } from './permissions';

@ObjectType('FeedbackReceived', { description: 'Feedback a customer gave, as it was recorded or imported.', simpleResolvers: true })
export class FeedbackReceivedView {
  @Field({ description: 'The domain event\'s id: the same on every delivery (de-duplicate by it).' })
  eventId!: string;
  @Field(() => FeedbackView, { description: 'The feedback as it is now.' })
  feedback!: FeedbackView;
}

export function feedbackArrivals(ctx: Context): AsyncIterableIterator<FeedbackReceivedView> {
  if (!ctx.events) throw new GraphQLError('Subscriptions are not served here', { extensions: { code: 'BAD_REQUEST' } });
  if (!can(ctx.viewer, cap.read)) throw new GraphQLError('Not allowed to read feedback', { extensions: { code: 'FORBIDDEN' } });
  return eventStream(ctx.events, ['feedback.received'], async (event) => {
    ctx.renew?.();
    const key = typeof event.payload.feedbackId === 'string' ? keyOrNull(event.payload.feedbackId, 'Feedback') : null;
    if (!key) return null;
    const [found] = await feedbackByKeys(ctx, [key]);
    return found ? { eventId: event.id, feedback: found } : null;
  });
}

@Resolver()
export class FeedbackSubscriptionResolver {
  @Subscription(() => FeedbackReceivedView, {
    description: 'Feedback of the customers the caller may read, as it arrives (over WebSocket, graphql-transport-ws).',
    subscribe: ({ context }) => feedbackArrivals(context as Context),
  })
  feedbackReceived(@Root() received: FeedbackReceivedView): FeedbackReceivedView {
    return received;
  }
}

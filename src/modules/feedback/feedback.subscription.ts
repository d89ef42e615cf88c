// Subscribers hear of feedback as it arrives, within the same bounds as the feedback queries: the item
// is read for the subscriber, so a relationship manager hears only of their own book's customers.
import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { payloadKey, subscriberStream } from '../../graphql/subscription-stream';
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
  return subscriberStream(ctx, cap.read, 'feedback', ['feedback.received'], async (event) => {
    const key = payloadKey(event, 'feedbackId', 'Feedback');
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

// Subscribers hear what the bank says about incidents as it is posted, within the reach of the
// incident queries (a relationship manager: incidents that touch their book or that they opened);
// partners hear only what customers were told.
import { GraphQLError } from 'graphql';
import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { can } from '../../auth/permissions';
import { eventStream } from '../../events/stream';
import type { Context } from '../../graphql/context';
import { keyOrNull } from '../../graphql/relay';
import { feedbackCapabilities as cap } from './permissions';
import { incidentsByKeys, incidentUpdateByKey } from './incident.queries';
import { IncidentUpdateView, IncidentView } from './incident.type';

@ObjectType('IncidentUpdated', { description: 'Something the bank said about an incident, as it was posted.', simpleResolvers: true })
export class IncidentUpdatedView {
  @Field({ description: 'The domain event\'s id: the same on every delivery (de-duplicate by it).' })
  eventId!: string;
  @Field(() => IncidentView, { description: 'The incident as it is now.' })
  incident!: IncidentView;
  @Field(() => IncidentUpdateView, { description: 'What was said, when, where and whether customers were told.' })
  update!: IncidentUpdateView;
}

export function incidentUpdates(ctx: Context): AsyncIterableIterator<IncidentUpdatedView> {
  if (!ctx.events) throw new GraphQLError('Subscriptions are not served here', { extensions: { code: 'BAD_REQUEST' } });
  if (!can(ctx.viewer, cap.read)) throw new GraphQLError('Not allowed to read incidents', { extensions: { code: 'FORBIDDEN' } });
  return eventStream(ctx.events, ['incident.update_posted'], async (event) => {
    ctx.renew?.();
    if (ctx.viewer?.kind !== 'staff' && event.payload.customerVisible !== true) return null;
    const incidentKey = typeof event.payload.incidentId === 'string' ? keyOrNull(event.payload.incidentId, 'Incident') : null;
    const updateKey = typeof event.payload.updateId === 'string' ? keyOrNull(event.payload.updateId, 'IncidentUpdate') : null;
    if (!incidentKey || !updateKey) return null;
    const [incident] = await incidentsByKeys(ctx, [incidentKey]);
    if (!incident) return null;
    const update = await incidentUpdateByKey(ctx, updateKey);
    return update ? { eventId: event.id, incident, update } : null;
  });
}

@Resolver()
export class IncidentSubscriptionResolver {
  @Subscription(() => IncidentUpdatedView, {
    description: 'What the bank says about the incidents the caller may see, as it is posted (over WebSocket, graphql-transport-ws); partners hear only what customers were told.',
    subscribe: ({ context }) => incidentUpdates(context as Context),
  })
  incidentUpdated(@Root() updated: IncidentUpdatedView): IncidentUpdatedView {
    return updated;
  }
}

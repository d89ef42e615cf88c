// Subscribers hear what the bank says about incidents as it is posted, within the reach of the
// incident queries (a relationship manager: incidents that touch their book or that they opened);
// partners hear only what customers were told.
import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { payloadKey, subscriberStream } from '../../graphql/subscription-stream';
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
  return subscriberStream(ctx, cap.read, 'incidents', ['incident.update_posted'], async (event) => {
    if (ctx.viewer?.kind !== 'staff' && event.payload.customerVisible !== true) return null;
    const incidentKey = payloadKey(event, 'incidentId', 'Incident');
    const updateKey = payloadKey(event, 'updateId', 'IncidentUpdate');
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

// Subscribers hear of case changes as they happen, within the same bounds as the case queries: the
// case is read for the subscriber, so a relationship manager hears only of their own book's cases and
// a viewer who may not read a case hears nothing of it. Reasons stay out, as in the case itself.
import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { payloadKey, subscriberStream } from '../../graphql/subscription-stream';
import { CaseState } from './offboarding-case.entity';
import { casesByKeys } from './offboarding.queries';
import { OffboardingCaseView } from './offboarding.type';
import { offboardingCapabilities as o } from './permissions';

@ObjectType('OffboardingCaseChange', { description: 'A step of an offboarding case, as it happened.', simpleResolvers: true })
export class OffboardingCaseChangeView {
  @Field({ description: 'The domain event\'s id: the same on every delivery of this change (de-duplicate by it).' })
  eventId!: string;
  @Field(() => CaseState, { nullable: true, description: 'The state before; null when the case started.' })
  from!: CaseState | null;
  @Field(() => CaseState, { description: 'The state the step moved the case to.' })
  to!: CaseState;
  @Field(() => Date, { description: 'When the step happened.' })
  occurredAt!: Date;
  @Field(() => OffboardingCaseView, { description: 'The case as it is now.' })
  offboardingCase!: OffboardingCaseView;
}

export function caseChanges(ctx: Context): AsyncIterableIterator<OffboardingCaseChangeView> {
  return subscriberStream(ctx, o.read, 'offboarding cases', ['offboarding.case_changed'], async (event) => {
    const key = payloadKey(event, 'caseId', 'OffboardingCase');
    if (!key) return null;
    const [found] = await casesByKeys(ctx, [key]);
    if (!found) return null;
    return {
      eventId: event.id,
      from: (event.payload.from as CaseState | null) ?? null,
      to: event.payload.to as CaseState,
      occurredAt: new Date(event.occurredAt),
      offboardingCase: found,
    };
  });
}

@Resolver()
export class OffboardingSubscriptionResolver {
  @Subscription(() => OffboardingCaseChangeView, {
    description: 'Each step of the offboarding cases the caller may read, as it happens (over WebSocket, graphql-transport-ws).',
    subscribe: ({ context }) => caseChanges(context as Context),
  })
  offboardingCaseChanged(@Root() change: OffboardingCaseChangeView): OffboardingCaseChangeView {
    return change;
  }
}

// Subscribers hear of risk alerts as scoring raises them, within the bounds of reading scores: a
// relationship manager hears of their own book's customers only.
import { GraphQLError } from 'graphql';
import { Resolver, Root, Subscription } from 'type-graphql';
import { can } from '../../auth/permissions';
import { eventStream } from '../../events/stream';
import type { Context } from '../../graphql/context';
import { keyOrNull } from '../../graphql/relay';
import { riskCapabilities } from './permissions';
import { alertByKey } from './risk.queries';
import { RiskAlertView } from './risk.type';

export function alertArrivals(ctx: Context): AsyncIterableIterator<RiskAlertView> {
  if (!ctx.events) throw new GraphQLError('Subscriptions are not served here', { extensions: { code: 'BAD_REQUEST' } });
  if (!can(ctx.viewer, riskCapabilities.read)) throw new GraphQLError('Not allowed to read risk scores', { extensions: { code: 'FORBIDDEN' } });
  return eventStream(ctx.events, ['risk.alert'], async (event) => {
    ctx.renew?.();
    const key = typeof event.payload.alertId === 'string' ? keyOrNull(event.payload.alertId, 'RiskAlert') : null;
    return key ? alertByKey(ctx, key) : null;
  });
}

@Resolver()
export class RiskSubscriptionResolver {
  @Subscription(() => RiskAlertView, {
    name: 'riskAlerts',
    description: 'Risk alerts of the customers the caller may read scores of, as scoring raises them (over WebSocket, graphql-transport-ws).',
    subscribe: ({ context }) => alertArrivals(context as Context),
  })
  riskAlertRaised(@Root() alert: RiskAlertView): RiskAlertView {
    return alert;
  }
}

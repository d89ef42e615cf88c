// Subscribers hear of risk alerts as scoring raises them, within the bounds of reading scores: a
// relationship manager hears of their own book's customers only.
import { Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { payloadKey, subscriberStream } from '../../graphql/subscription-stream';
import { riskCapabilities } from './permissions';
import { alertByKey } from './risk.queries';
import { RiskAlertView } from './risk.type';

export function alertArrivals(ctx: Context): AsyncIterableIterator<RiskAlertView> {
  return subscriberStream(ctx, riskCapabilities.read, 'risk scores', ['risk.alert'], async (event) => {
    const key = payloadKey(event, 'alertId', 'RiskAlert');
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

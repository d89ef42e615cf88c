// Customer.activity (batched per page of customers) and the FX rates behind the derived totals.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { activityLoader } from './activity.loaders';
import { listFxRates } from './activity.queries';
import { ActivitySnapshotView, FxRateView } from './activity.type';
import { CustomerView } from './customer.type';

const MAX_MONTHS = 120;

@Resolver(() => CustomerView)
export class ActivityResolver {
  @FieldResolver(() => [ActivitySnapshotView], { description: 'Monthly activity snapshots, newest first.' })
  activity(
    @Root() c: CustomerView,
    @Arg('last', () => Int, { defaultValue: 12, description: `How many of the newest months, 1..${MAX_MONTHS}.` }) last: number,
    @Ctx() ctx: Context,
  ) {
    if (last < 1 || last > MAX_MONTHS) throw badInput(`\`last\` must be between 1 and ${MAX_MONTHS}, got ${last}`);
    return activityLoader(ctx, last).load(c.key);
  }

  @Query(() => [FxRateView], { description: 'The latest rate of each currency to the reporting currency, by currency.' })
  fxRates(@Ctx() ctx: Context) {
    return listFxRates(ctx);
  }
}

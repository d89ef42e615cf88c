// Churn risk on the GraphQL API: the active model, and the fields risk adds to Customer
// (`riskScore`, `riskHistory`), batched per request and bounded per viewer: a relationship manager
// who may read every customer through another role still reads scores of their own book only.
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { reachOf, reaches } from '../../auth/permissions';
import type { Context } from '../../graphql/context';
import { ConnectionArgs, pageRequest } from '../../graphql/relay';
import { CustomerView } from '../customers/public';
import { riskCapabilities } from './permissions';
import { activeModelView, currentScoreLoader, scoreHistory } from './risk.queries';
import { RiskModelView, RiskScoreConnection, RiskScoreView } from './risk.type';

const mayRead = (ctx: Context, c: CustomerView) => reaches(reachOf(ctx.viewer, riskCapabilities.read), c.rmKey);

@Resolver(() => CustomerView)
export class CustomerRiskResolver {
  @FieldResolver(() => RiskScoreView, {
    nullable: true,
    description: 'The active model\'s current churn-risk score, with its factors; null before the first scoring or outside your reach.',
  })
  async riskScore(@Root() c: CustomerView, @Ctx() ctx: Context): Promise<RiskScoreView | null> {
    if (!mayRead(ctx, c)) return null;
    return currentScoreLoader(ctx).load(c.key);
  }

  @FieldResolver(() => RiskScoreConnection, {
    nullable: true,
    description: 'Every score of the customer, the models\' and external platforms\', newest first; null outside your reach.',
  })
  async riskHistory(@Root() c: CustomerView, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    const page = pageRequest(args, 2);
    if (!mayRead(ctx, c)) return null;
    return scoreHistory(ctx, c.key, page);
  }
}

@Resolver()
export class RiskResolver {
  @Query(() => RiskModelView, { nullable: true, description: 'The model that scores customers now.' })
  activeRiskModel(@Ctx() ctx: Context) {
    return activeModelView(ctx);
  }
}

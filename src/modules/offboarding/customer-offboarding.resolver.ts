// What offboarding adds to the customers module's Customer type: batched field resolvers, declared here.
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { CustomerView } from '../customers/public';
import { LegalHoldView } from './erasure.type';
import { activeHoldsLoader, customerCasesLoader, winBackAttemptsLoader } from './offboarding.loaders';
import { OffboardingCaseView } from './offboarding.type';
import { WinBackAttemptView } from './win-back.type';

@Resolver(() => CustomerView)
export class CustomerOffboardingResolver {
  @FieldResolver(() => [OffboardingCaseView], { description: 'The customer\'s offboarding cases, newest first.' })
  offboardingCases(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return customerCasesLoader(ctx).load(c.key);
  }

  @FieldResolver(() => LegalHoldView, { nullable: true, description: 'The active legal hold on the customer\'s records, if any.' })
  async legalHold(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return (await activeHoldsLoader(ctx).load(c.key))[0] ?? null;
  }

  @FieldResolver(() => [WinBackAttemptView], { description: 'Approaches made since the customer left, oldest first.' })
  winBackAttempts(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return winBackAttemptsLoader(ctx).load(c.key);
  }
}

// What feedback adds to other modules' types: the customer's feedback and a case's exit interview,
// batched field resolvers declared in permissions.ts.
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { pageRequest } from '../../graphql/relay';
import { CustomerView } from '../customers/public';
import { OffboardingCaseView } from '../offboarding/public';
import { CustomerFeedbackArgs } from './feedback.inputs';
import { customerFeedbackLoader, exitInterviewLoader } from './feedback.loaders';
import { FeedbackConnection, FeedbackView } from './feedback.type';

@Resolver(() => CustomerView)
export class CustomerFeedbackResolver {
  @FieldResolver(() => FeedbackConnection, { description: 'What the customer told us, newest first, a page at a time.' })
  feedback(@Root() c: CustomerView, @Args() args: CustomerFeedbackArgs, @Ctx() ctx: Context) {
    return customerFeedbackLoader(ctx, pageRequest(args, 2)).load(c.key);
  }
}

@Resolver(() => OffboardingCaseView)
export class CaseExitInterviewResolver {
  @FieldResolver(() => FeedbackView, { nullable: true, description: 'The customer\'s exit interview on this case (the latest, when several), if any.' })
  exitInterview(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    return exitInterviewLoader(ctx).load(c.key);
  }
}

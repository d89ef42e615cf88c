// retentionPerformance: one row per relationship manager within the viewer's reach (a manager: their own).
import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { retentionPerformance } from './performance.queries';
import { RetentionPerformance } from './performance.type';

@ArgsType()
class RetentionPerformanceArgs {
  @Field(() => Date, { description: 'Start of the period (inclusive).' })
  from!: Date;
  @Field(() => Date, { description: 'End of the period (exclusive); at most 5 years after `from`.' })
  to!: Date;
}

const MAX_MS = 5 * 366 * 86_400_000;

@Resolver()
export class RetentionPerformanceResolver {
  @Query(() => [RetentionPerformance], {
    description: 'Retention performance per relationship manager over [from, to), by manager name: admins and analysts see every manager with a book, a manager their own row.',
  })
  retentionPerformance(@Args() args: RetentionPerformanceArgs, @Ctx() ctx: Context) {
    const { from, to } = args;
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw badInput('`from` must be before `to`');
    if (to.getTime() - from.getTime() > MAX_MS) throw badInput('The period is at most 5 years');
    return retentionPerformance(ctx, from, to);
  }
}

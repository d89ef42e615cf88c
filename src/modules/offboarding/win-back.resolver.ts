// Win-back: recording approaches to customers who left, and bringing one back.
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { keyOf } from '../../graphql/relay';
import { customerLoader } from '../customers/public';
import { RecordWinBackAttemptInput, RecordWinBackInput } from './offboarding.inputs';
import { writePayload } from './offboarding.payload';
import { WinBackPayload } from './win-back.type';
import { recordWinBack, recordWinBackAttempt } from './win-back.service';

@Resolver()
export class WinBackResolver {
  @Mutation(() => WinBackPayload, { description: 'Records an approach to a customer who left, and how it went.' })
  recordWinBackAttempt(@Arg('input', () => RecordWinBackAttemptInput) input: RecordWinBackAttemptInput, @Ctx() ctx: Context) {
    return writePayload(ctx, input, 'customer', (deps) => recordWinBackAttempt(deps, keyOf(input.customerId, 'Customer'), input), (key) => customerLoader(ctx).clear(key).load(key));
  }

  @Mutation(() => WinBackPayload, { description: 'A customer who left comes back: ACTIVE again, with wonBackAt.' })
  recordWinBack(@Arg('input', () => RecordWinBackInput) input: RecordWinBackInput, @Ctx() ctx: Context) {
    return writePayload(ctx, input, 'customer', (deps) => recordWinBack(deps, keyOf(input.customerId, 'Customer'), input), (key) => customerLoader(ctx).clear(key).load(key));
  }
}

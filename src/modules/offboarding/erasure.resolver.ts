// Erasure requests and legal holds (compliance officers only).
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { keyOf, toGlobalId } from '../../graphql/relay';
import { placeLegalHold, releaseLegalHold, requestErasure } from './erasure.service';
import { LegalHoldPayload, RequestErasurePayload } from './erasure.type';
import { PlaceLegalHoldInput, ReleaseLegalHoldInput, RequestErasureInput } from './offboarding.inputs';
import { writePayload } from './offboarding.payload';
import { holdsByKeys } from './retention.queries';

@Resolver()
export class ErasureResolver {
  @Mutation(() => RequestErasurePayload, {
    description: 'A customer asks to be forgotten: before the retention date, erases what need not be kept and answers with the date and its legal basis; after it, anonymises. A legal hold refuses.',
  })
  requestErasure(@Arg('input', () => RequestErasureInput) input: RequestErasureInput, @Ctx() ctx: Context) {
    return writePayload(ctx, input, 'erasure', (deps) => requestErasure(deps, keyOf(input.customerId, 'Customer')), async (r) => ({
      customerId: toGlobalId('Customer', r.customerKey), outcome: r.outcome, erased: r.erased, retainUntil: r.retainUntil, legalBasis: r.legalBasis,
    }));
  }

  @Mutation(() => LegalHoldPayload, { description: 'Holds a customer\'s records: no erasure, no anonymisation until released.' })
  placeLegalHold(@Arg('input', () => PlaceLegalHoldInput) input: PlaceLegalHoldInput, @Ctx() ctx: Context) {
    return writePayload(ctx, input, 'legalHold', (deps) => placeLegalHold(deps, keyOf(input.customerId, 'Customer'), input), async (key) => (await holdsByKeys(ctx, [key]))[0] ?? null);
  }

  @Mutation(() => LegalHoldPayload, { description: 'Releases the active legal hold on a customer\'s records.' })
  releaseLegalHold(@Arg('input', () => ReleaseLegalHoldInput) input: ReleaseLegalHoldInput, @Ctx() ctx: Context) {
    return writePayload(ctx, input, 'legalHold', (deps) => releaseLegalHold(deps, keyOf(input.customerId, 'Customer'), input), async (key) => (await holdsByKeys(ctx, [key]))[0] ?? null);
  }
}

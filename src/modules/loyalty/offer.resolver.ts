// Thin resolvers for retention offers: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, pageRequest } from '../../graphql/relay';
import { serviceDeps } from '../../graphql/service-deps';
import { contributionsOf } from '../../module';
import { customerLoader, CustomerView } from '../customers/public';
import {
  CreateRetentionOfferInput, CustomerOffersArgs, ProposeOfferInput, RespondToOfferInput, RetentionOffersArgs, RetireRetentionOfferInput,
  UpdateRetentionOfferInput, WithdrawOfferInput,
} from './offer.inputs';
import { consumptionLoader, offerLoader } from './offer.loaders';
import { assignmentsByKeys, listOffers, offersByKeys, offersOfCustomer } from './offer.queries';
import {
  createRetentionOffer, type OfferDeps, proposeOffer, respondToOffer, retireRetentionOffer, updateRetentionOffer, withdrawOffer,
} from './offer.service';
import {
  OfferAssignmentConnection, OfferAssignmentPayload, OfferAssignmentView, OfferConsumptionView, RetentionOfferConnection, RetentionOfferPayload,
  RetentionOfferView,
} from './offer.type';
import { loyaltyCapabilities as l } from './permissions';

function offerDeps(ctx: Context): OfferDeps {
  return { ...serviceDeps(ctx), eligibility: contributionsOf(ctx.modules, 'eligibility') };
}

function offerPayload(ctx: Context, input: object, write: () => Promise<string>) {
  return mutationPayload(ctx, input, 'retentionOffer', write, async (key) => (await offersByKeys(ctx, [key]))[0] ?? null);
}

function assignmentPayload(ctx: Context, input: object, write: () => Promise<{ assignmentKey: string; replayed?: boolean }>) {
  return mutationPayload(ctx, input, 'offerAssignment', write, async (r) => (await assignmentsByKeys(ctx, [r.assignmentKey], l.write))[0] ?? null, {
    extra: (r) => ({ replayed: r.replayed ?? null }),
  });
}

@Resolver(() => RetentionOfferView)
export class RetentionOfferResolver {
  @Query(() => RetentionOfferConnection, { description: 'The retention catalogue, oldest first, optionally narrowed by status and kind.' })
  retentionOffers(@Args() args: RetentionOffersArgs, @Ctx() ctx: Context) {
    return listOffers(ctx, args.filter, pageRequest(args, 2));
  }

  @FieldResolver(() => OfferConsumptionView, { description: 'Whether the offer works: what became of its proposals and how much of its budget they use (computed in SQL).' })
  async consumption(@Root() o: RetentionOfferView, @Ctx() ctx: Context) {
    return consumptionLoader(ctx).load(o.key);
  }

  @Mutation(() => RetentionOfferPayload, { description: 'Adds an offer to the retention catalogue; its value is checked against its kind.' })
  createRetentionOffer(@Arg('input', () => CreateRetentionOfferInput) input: CreateRetentionOfferInput, @Ctx() ctx: Context) {
    return offerPayload(ctx, input, () =>
      createRetentionOffer(serviceDeps(ctx), {
        kind: input.kind, name: input.name, terms: input.terms, value: input.value, validFrom: input.validFrom, validUntil: input.validUntil,
        minTier: input.minTier ?? null, productTypes: input.productTypes ?? [], budgetCount: input.budgetCount ?? null, budgetValue: input.budgetValue ?? null,
      }),
    );
  }

  @Mutation(() => RetentionOfferPayload, { description: 'Changes an offer of the catalogue (optimistic: send the version you read; a stale one is a CONFLICT).' })
  updateRetentionOffer(@Arg('input', () => UpdateRetentionOfferInput) input: UpdateRetentionOfferInput, @Ctx() ctx: Context) {
    return offerPayload(ctx, input, () => {
      const { offerId, version, ...changes } = input;
      // Only what the caller sent: a field left out is undefined and stays as it is.
      const sent = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return updateRetentionOffer(serviceDeps(ctx), { ...sent, offerKey: keyOf(offerId, 'RetentionOffer'), version });
    });
  }

  @Mutation(() => RetentionOfferPayload, { description: 'Retires an offer: no new proposals; those open stand until answered or expired.' })
  retireRetentionOffer(@Arg('input', () => RetireRetentionOfferInput) input: RetireRetentionOfferInput, @Ctx() ctx: Context) {
    return offerPayload(ctx, input, () => retireRetentionOffer(serviceDeps(ctx), { offerKey: keyOf(input.offerId, 'RetentionOffer'), version: input.version }));
  }
}

@Resolver(() => OfferAssignmentView)
export class OfferAssignmentResolver {
  @FieldResolver(() => RetentionOfferView, { nullable: true, description: 'The catalogue offer proposed.' })
  offer(@Root() a: OfferAssignmentView, @Ctx() ctx: Context) {
    return offerLoader(ctx).load(a.offerKey);
  }

  @FieldResolver(() => CustomerView, { nullable: true, description: 'The customer it was proposed to.' })
  customer(@Root() a: OfferAssignmentView, @Ctx() ctx: Context) {
    return customerLoader(ctx).load(a.customerKey);
  }

  @Mutation(() => OfferAssignmentPayload, {
    description: 'Proposes a catalogue offer to a customer: eligibility checked, budget reserved. Without marketing consent only within an exit (offboardingCaseId).',
  })
  proposeOffer(@Arg('input', () => ProposeOfferInput) input: ProposeOfferInput, @Ctx() ctx: Context) {
    return assignmentPayload(ctx, input, async () => ({
      assignmentKey: await proposeOffer(offerDeps(ctx), {
        offerKey: keyOf(input.offerId, 'RetentionOffer'),
        customerKey: keyOf(input.customerId, 'Customer'),
        expiresAt: input.expiresAt ?? null,
        channel: input.channel ?? null,
        caseKey: input.offboardingCaseId ? keyOf(input.offboardingCaseId, 'OffboardingCase') : null,
      }),
    }));
  }

  @Mutation(() => OfferAssignmentPayload, {
    description: 'Records the customer\'s answer, once; accepting BONUS_POINTS or CASHBACK credits their points. Idempotent per caller and key.',
  })
  respondToOffer(@Arg('input', () => RespondToOfferInput) input: RespondToOfferInput, @Ctx() ctx: Context) {
    return assignmentPayload(ctx, input, () =>
      respondToOffer(serviceDeps(ctx), {
        assignmentKey: keyOf(input.assignmentId, 'OfferAssignment'), answer: input.answer, channel: input.channel ?? null, idempotencyKey: input.idempotencyKey,
      }),
    );
  }

  @Mutation(() => OfferAssignmentPayload, { description: 'Withdraws an offer the customer has not answered yet; its budget is released.' })
  withdrawOffer(@Arg('input', () => WithdrawOfferInput) input: WithdrawOfferInput, @Ctx() ctx: Context) {
    return assignmentPayload(ctx, input, async () => ({ assignmentKey: await withdrawOffer(serviceDeps(ctx), { assignmentKey: keyOf(input.assignmentId, 'OfferAssignment') }) }));
  }
}

@Resolver(() => CustomerView)
export class CustomerOffersResolver {
  @FieldResolver(() => OfferAssignmentConnection, { description: 'Retention offers proposed to the customer, newest first.' })
  offers(@Root() c: CustomerView, @Args() args: CustomerOffersArgs, @Ctx() ctx: Context) {
    return offersOfCustomer(ctx, c.key, pageRequest(args, 2));
  }
}

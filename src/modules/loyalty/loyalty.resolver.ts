// Thin resolvers for loyalty: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { NamedCapability } from '../../auth/permissions';
import type { Problem } from '../../domain/errors';
import type { Context } from '../../graphql/context';
import { badInput, notFound } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, keyOrNull, pageRequest } from '../../graphql/relay';
import { serviceDeps } from '../../graphql/service-deps';
import { validateInput } from '../../graphql/validate';
import { customerLoader, CustomerView } from '../customers/public';
import { checkAmount, type PostingResult } from './ledger.service';
import { LoyaltyStatus, Tier } from './loyalty-account.entity';
import { money } from '../../graphql/money';
import { DomainError } from '../../domain/errors';
import {
  AdjustPointsInput, ApprovePointsAdjustmentInput, EarnPointsInput, EnrollCustomerInput, EnrollCustomersInput, EntriesArgs, LoyaltyStatementInput,
  ReactivateLoyaltyAccountInput, RedeemPointsInput, ReversePointsEntryInput, SettleLoyaltyAtExitInput, SuspendLoyaltyAccountInput,
} from './loyalty.inputs';
import { accountLoader } from './loyalty.loaders';
import { accountsByKeys, adjustmentByKey, entriesByKeys, entriesOf, liability, statementOf, tierHistoryOf } from './loyalty.queries';
import {
  adjustPoints, approveAdjustment, earnOrRedeem, enrollCustomer, enrollCustomers, reverseEntry, setAccountStatus, settleAtExit,
} from './loyalty.service';
import {
  EnrollCustomersPayload, LoyaltyAccountPayload, LoyaltyAccountView, LoyaltyLiabilityView, LoyaltyProgrammeView, LoyaltyStatementView, PointsEntryConnection,
  PointsEntryPayload, PointsEntryView, TierChangeConnection,
} from './loyalty.type';
import { loyaltyCapabilities as l } from './permissions';
import { PostingKind } from './points-posting.entity';

const accountKeyOf = (id: string) => keyOf(id, 'LoyaltyAccount');

/** Amount problems answered with the input's format problems, before anything is read or written. */
function amountCheck(ctx: Context, amount: unknown): () => Problem[] {
  return () => {
    try {
      checkAmount(amount, ctx.config);
      return [];
    } catch (err) {
      if (err instanceof DomainError) return err.problems;
      throw err;
    }
  };
}

function accountPayload(ctx: Context, input: object, cap: NamedCapability, write: () => Promise<string>) {
  return mutationPayload(ctx, input, 'loyaltyAccount', write, async (key) => (await accountsByKeys(ctx, [key], cap))[0] ?? null);
}

function entryPayload(ctx: Context, input: object, cap: NamedCapability, write: () => Promise<PostingResult | { postingId: string | null; replayed: boolean }>, check?: () => Problem[]) {
  return mutationPayload(
    ctx,
    input,
    'entry',
    write,
    async (r) => (r.postingId ? ((await entriesByKeys(ctx, [r.postingId], cap))[0] ?? null) : null),
    { extra: (r) => ({ replayed: r.replayed }), check },
  );
}

@Resolver(() => LoyaltyAccountView)
export class LoyaltyResolver {
  @Query(() => LoyaltyAccountView, { description: 'One loyalty account by id. Unknown, or outside your book: NOT_FOUND.' })
  async loyaltyAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const found = await accountLoader(ctx).load(accountKeyOf(id));
    if (!found) throw notFound('LoyaltyAccount');
    return found;
  }

  @Query(() => LoyaltyStatementView, { description: 'An account\'s statement over a period: opening balance, the entries, closing balance (they reconcile).' })
  async loyaltyStatement(@Arg('input', () => LoyaltyStatementInput) input: LoyaltyStatementInput, @Ctx() ctx: Context) {
    const invalid = await validateInput(input);
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    if (!(input.from < input.to)) throw badInput('`from` must be before `to`');
    return statementOf(ctx, accountKeyOf(input.accountId), input.from, input.to);
  }

  @Query(() => LoyaltyLiabilityView, { description: 'Points outstanding by tier and their value at the configured rate (finance).' })
  loyaltyLiability(@Ctx() ctx: Context) {
    return liability(ctx);
  }

  @Query(() => LoyaltyProgrammeView, { description: 'The programme\'s rules (tiers, expiry, limits, exit policy, point value), for those who design offers and campaigns.' })
  loyaltyProgramme(@Ctx() ctx: Context): LoyaltyProgrammeView {
    const c = ctx.config.loyalty;
    return {
      tiers: [
        { tier: Tier.BRONZE, pointsEarned12m: 0 },
        { tier: Tier.SILVER, pointsEarned12m: c.tierThresholds.SILVER },
        { tier: Tier.GOLD, pointsEarned12m: c.tierThresholds.GOLD },
        { tier: Tier.PLATINUM, pointsEarned12m: c.tierThresholds.PLATINUM },
      ],
      expiryMonths: c.expiryMonths,
      maxPointsPerPosting: c.maxPointsPerPosting,
      adjustmentApprovalAbove: c.adjustmentApprovalAbove,
      exitPolicy: c.exitPolicy,
      pointValue: money(c.pointValueMinor, ctx.config.reportingCurrency),
    };
  }

  @FieldResolver(() => CustomerView, { nullable: true, description: 'The member.' })
  customer(@Root() a: LoyaltyAccountView, @Ctx() ctx: Context) {
    return customerLoader(ctx).load(a.customerKey);
  }

  @FieldResolver(() => PointsEntryConnection, { description: 'The account\'s ledger entries, newest first.' })
  entries(@Root() a: LoyaltyAccountView, @Args() args: EntriesArgs, @Ctx() ctx: Context) {
    return entriesOf(ctx, a.key, pageRequest(args, 1));
  }

  @FieldResolver(() => TierChangeConnection, { description: 'The account\'s tier changes and why, newest first.' })
  tierHistory(@Root() a: LoyaltyAccountView, @Args() args: EntriesArgs, @Ctx() ctx: Context) {
    return tierHistoryOf(ctx, a.key, pageRequest(args, 1));
  }

  @Mutation(() => LoyaltyAccountPayload, { description: 'Enrols a customer in the loyalty programme (BRONZE); an enrolled customer gets their account back.' })
  enrollCustomer(@Arg('input', () => EnrollCustomerInput) input: EnrollCustomerInput, @Ctx() ctx: Context) {
    return accountPayload(ctx, input, l.write, () => enrollCustomer(serviceDeps(ctx), keyOf(input.customerId, 'Customer')));
  }

  @Mutation(() => EnrollCustomersPayload, { description: 'Enrols up to 1,000 customers (ids or external references), all or nothing; a replay changes nothing.' })
  enrollCustomers(@Arg('input', () => EnrollCustomersInput) input: EnrollCustomersInput, @Ctx() ctx: Context) {
    return mutationPayload(
      ctx,
      input,
      'loyaltyAccounts',
      () => enrollCustomers(serviceDeps(ctx), input.customers, (ref) => keyOrNull(ref, 'Customer')),
      async (r) => {
        const found = new Map((await accountsByKeys(ctx, r.accountKeys, l.write)).map((a) => [a.key, a]));
        return r.accountKeys.map((k) => found.get(k)).filter((a): a is LoyaltyAccountView => !!a);
      },
      { extra: (r) => ({ enrolled: r.enrolled }) },
    );
  }

  @Mutation(() => LoyaltyAccountPayload, { description: 'Suspends an account: no redemptions until it is reactivated (ADMIN).' })
  suspendLoyaltyAccount(@Arg('input', () => SuspendLoyaltyAccountInput) input: SuspendLoyaltyAccountInput, @Ctx() ctx: Context) {
    return accountPayload(ctx, input, l.adjust, () => setAccountStatus(serviceDeps(ctx), accountKeyOf(input.accountId), LoyaltyStatus.SUSPENDED, input.reason.trim()));
  }

  @Mutation(() => LoyaltyAccountPayload, { description: 'Reactivates a suspended account (ADMIN).' })
  reactivateLoyaltyAccount(@Arg('input', () => ReactivateLoyaltyAccountInput) input: ReactivateLoyaltyAccountInput, @Ctx() ctx: Context) {
    return accountPayload(ctx, input, l.adjust, () => setAccountStatus(serviceDeps(ctx), accountKeyOf(input.accountId), LoyaltyStatus.ACTIVE, null));
  }

  @Mutation(() => PointsEntryPayload, { description: 'Credits points earned. Idempotent per caller and key.' })
  earnPoints(@Arg('input', () => EarnPointsInput) input: EarnPointsInput, @Ctx() ctx: Context) {
    return entryPayload(ctx, input, l.write, () => earnOrRedeem(serviceDeps(ctx), PostingKind.EARN, { ...input, accountKey: accountKeyOf(input.accountId) }), amountCheck(ctx, input.amount));
  }

  @Mutation(() => PointsEntryPayload, { description: 'Spends points; never below zero (INSUFFICIENT_POINTS), not on a suspended account. Idempotent per caller and key.' })
  redeemPoints(@Arg('input', () => RedeemPointsInput) input: RedeemPointsInput, @Ctx() ctx: Context) {
    return entryPayload(ctx, input, l.write, () => earnOrRedeem(serviceDeps(ctx), PostingKind.REDEEM, { ...input, accountKey: accountKeyOf(input.accountId) }), amountCheck(ctx, input.amount));
  }

  @Mutation(() => PointsEntryPayload, { description: 'Adjusts a balance with a reason (ADMIN); above the configured size it waits for a second admin (pendingAdjustment).' })
  adjustPoints(@Arg('input', () => AdjustPointsInput) input: AdjustPointsInput, @Ctx() ctx: Context) {
    return mutationPayload(
      ctx,
      input,
      'entry',
      () => adjustPoints(serviceDeps(ctx), { ...input, accountKey: accountKeyOf(input.accountId) }),
      async (r) => (r.kind === 'POSTED' ? ((await entriesByKeys(ctx, [r.result.postingId], l.adjust))[0] ?? null) : null),
      {
        check: amountCheck(ctx, input.amount),
        extra: (r) => ({ replayed: r.kind === 'POSTED' ? r.result.replayed : false, pendingKey: r.kind === 'PENDING' ? r.adjustmentKey : null }),
      },
    ).then(async ({ pendingKey, ...payload }) => ({ ...payload, pendingAdjustment: pendingKey ? await adjustmentByKey(ctx, pendingKey) : null }));
  }

  @Mutation(() => PointsEntryPayload, { description: 'Approves and posts a pending adjustment (ADMIN, not the one who asked for it).' })
  approvePointsAdjustment(@Arg('input', () => ApprovePointsAdjustmentInput) input: ApprovePointsAdjustmentInput, @Ctx() ctx: Context) {
    return entryPayload(ctx, input, l.adjust, () => approveAdjustment(serviceDeps(ctx), { adjustmentKey: keyOf(input.adjustmentId, 'PointsAdjustment'), idempotencyKey: input.idempotencyKey }));
  }

  @Mutation(() => PointsEntryPayload, { description: 'Reverses an entry with an opposite entry (ADMIN): once only, never below zero.' })
  reversePointsEntry(@Arg('input', () => ReversePointsEntryInput) input: ReversePointsEntryInput, @Ctx() ctx: Context) {
    return entryPayload(ctx, input, l.adjust, () => reverseEntry(serviceDeps(ctx), { postingKey: keyOf(input.entryId, 'PointsEntry'), reason: input.reason, idempotencyKey: input.idempotencyKey }));
  }

  @Mutation(() => PointsEntryPayload, { description: 'At a customer\'s exit: pays out or forfeits their points (LOYALTY_EXIT_POLICY) and closes the account; entry is null when there were none.' })
  settleLoyaltyAtExit(@Arg('input', () => SettleLoyaltyAtExitInput) input: SettleLoyaltyAtExitInput, @Ctx() ctx: Context) {
    return entryPayload(ctx, input, l.settleAtExit, () => settleAtExit(serviceDeps(ctx), { accountKey: accountKeyOf(input.accountId), idempotencyKey: input.idempotencyKey }));
  }
}

@Resolver(() => PointsEntryView)
export class PointsEntryResolver {
  @FieldResolver(() => LoyaltyAccountView, { nullable: true, description: 'The account the entry is on.' })
  account(@Root() e: PointsEntryView, @Ctx() ctx: Context) {
    return accountLoader(ctx).load(e.accountKey);
  }
}


// The read model of loyalty: plain objects from SQL, shaped like these GraphQL types.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Money } from '../../graphql/money';
import { ConnectionType, Node } from '../../graphql/relay';
import { AdjustmentStatus } from './points-adjustment.entity';
import { LoyaltyStatus, Tier } from './loyalty-account.entity';
import { PostingKind } from './points-posting.entity';

registerEnumType(LoyaltyStatus, { name: 'LoyaltyStatus', description: 'ACTIVE; SUSPENDED (no redemptions); CLOSED (nothing posts).' });
registerEnumType(Tier, { name: 'LoyaltyTier', description: 'Tier from the points earned in the rolling 12 months (thresholds are configured).' });
registerEnumType(PostingKind, {
  name: 'PointsEntryKind',
  description: 'EARN, REDEEM, EXPIRE (oldest points first), ADJUST (by an admin), REVERSE (of an earlier entry), SETTLE (at the customer\'s exit).',
});

@ObjectType('LoyaltyAccount', { implements: Node, description: 'A customer\'s membership of the loyalty programme: status, tier and points balance.', simpleResolvers: true })
export class LoyaltyAccountView extends Node {
  key!: string;
  customerKey!: string;

  @Field(() => LoyaltyStatus, { description: 'ACTIVE, SUSPENDED or CLOSED.' })
  status!: LoyaltyStatus;
  @Field(() => Tier, { description: 'Current tier.' })
  tier!: Tier;
  @Field(() => Float, { description: 'Points held now: the sum of the account\'s ledger lines, never negative.' })
  pointsBalance!: number;
  @Field(() => Date, { description: 'When the customer enrolled.' })
  enrolledAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the tier last changed.' })
  tierChangedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the account closed.' })
  closedAt!: Date | null;
  @Field(() => Int, { description: 'Optimistic-lock version.' })
  version!: number;
}

@ObjectType('PointsEntry', { implements: Node, description: 'One posting of the points ledger: append-only; corrections are reversing entries.', simpleResolvers: true })
export class PointsEntryView extends Node {
  key!: string;
  accountKey!: string;
  reversesKey!: string | null;
  seq!: string;

  @Field(() => PostingKind, { description: 'What the entry did.' })
  kind!: PostingKind;
  @Field(() => Float, { description: 'Points moved, always positive.' })
  amount!: number;
  @Field(() => Float, { description: 'Effect on the balance: +amount or -amount.' })
  delta!: number;
  @Field(() => String, { nullable: true, description: 'Why (free text); null when none was given or it was erased.' })
  reason!: string | null;
  @Field({ description: 'Who posted it (staff subject, partner id, or system).' })
  actor!: string;
  @Field(() => String, { nullable: true, description: 'The second admin who approved it (large adjustments).' })
  approvedBy!: string | null;
  @Field(() => Date, { description: 'When it was posted.' })
  postedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'For points credited: when what remains of them expires.' })
  expiresAt!: Date | null;
  @Field({ description: 'A later entry reversed this one.' })
  reversed!: boolean;
}

export const PointsEntryConnection = ConnectionType(PointsEntryView, 'PointsEntry');

registerEnumType(AdjustmentStatus, { name: 'PointsAdjustmentStatus', description: 'PENDING (waits for a second admin), APPROVED (posted) or REJECTED.' });

@ObjectType('TierChange', { description: 'One change of an account\'s tier and why.', simpleResolvers: true })
export class TierChangeView {
  seq!: string;
  @Field(() => Tier, { nullable: true, description: 'The tier before; null at enrolment.' })
  fromTier!: Tier | null;
  @Field(() => Tier, { description: 'The tier after.' })
  toTier!: Tier;
  @Field({ description: 'Why the tier changed.' })
  reason!: string;
  @Field(() => Float, { description: 'Points earned in the 12 months before the change, which decided it.' })
  pointsEarned12m!: number;
  @Field(() => Date, { description: 'When it changed.' })
  changedAt!: Date;
}

export const TierChangeConnection = ConnectionType(TierChangeView, 'TierChange');

@ObjectType('PointsAdjustment', { description: 'An adjustment above the approval threshold: it posts once a second admin approves it.', simpleResolvers: true })
export class PointsAdjustmentView {
  @Field(() => ID, { description: 'Opaque global id (pass it to approvePointsAdjustment).' })
  id!: string;
  @Field(() => Float, { description: 'Effect on the balance once posted.' })
  delta!: number;
  @Field(() => AdjustmentStatus, { description: 'PENDING, APPROVED or REJECTED.' })
  status!: AdjustmentStatus;
  @Field({ description: 'The admin who asked for it.' })
  requestedBy!: string;
  @Field(() => String, { nullable: true, description: 'The admin who approved it.' })
  decidedBy!: string | null;
  @Field(() => Date, { description: 'When it was asked for.' })
  createdAt!: Date;
}

@ObjectType('LoyaltyStatement', { description: 'An account\'s points over a period: opening balance + entries = closing balance.', simpleResolvers: true })
export class LoyaltyStatementView {
  @Field(() => Date, { description: 'Start of the period (inclusive).' })
  from!: Date;
  @Field(() => Date, { description: 'End of the period (exclusive).' })
  to!: Date;
  @Field(() => Float, { description: 'Balance at the start of the period.' })
  openingBalance!: number;
  @Field(() => Float, { description: 'Sum of the entries in the period.' })
  netChange!: number;
  @Field(() => Float, { description: 'Balance at the end of the period: opening balance + netChange.' })
  closingBalance!: number;
  @Field(() => [PointsEntryView], { description: 'The entries of the period, oldest first (at most 1,000; see truncated).' })
  entries!: PointsEntryView[];
  @Field({ description: 'More than 1,000 entries fell in the period: ask for a shorter one (the balances are still exact).' })
  truncated!: boolean;
}

@ObjectType('LoyaltyLiabilityTier', { description: 'Points outstanding in one tier.', simpleResolvers: true })
export class LoyaltyLiabilityTier {
  @Field(() => Tier, { description: 'The tier.' })
  tier!: Tier;
  @Field(() => Int, { description: 'Accounts (not closed) in the tier.' })
  accounts!: number;
  @Field(() => Float, { description: 'Points they hold.' })
  points!: number;
  @Field(() => Money, { description: 'What those points are worth at the configured rate, in the reporting currency.' })
  value!: Money;
}

@ObjectType('LoyaltyLiability', { description: 'Points the programme owes its members and what they are worth.', simpleResolvers: true })
export class LoyaltyLiabilityView {
  @Field(() => [LoyaltyLiabilityTier], { description: 'By tier, lowest first.' })
  byTier!: LoyaltyLiabilityTier[];
  @Field(() => Float, { description: 'All points outstanding.' })
  totalPoints!: number;
  @Field(() => Money, { description: 'What they are worth.' })
  totalValue!: Money;
  @Field(() => Date, { description: 'When this was computed.' })
  asOf!: Date;
}

@ObjectType('LoyaltyTierThreshold', { description: 'Where a tier starts.', simpleResolvers: true })
export class LoyaltyTierThreshold {
  @Field(() => Tier, { description: 'The tier.' })
  tier!: Tier;
  @Field(() => Float, { description: 'Points earned in the rolling 12 months from which it applies.' })
  pointsEarned12m!: number;
}

@ObjectType('LoyaltyProgramme', { description: 'The programme\'s rules as this deployment is configured: what offers and campaigns are designed against.', simpleResolvers: true })
export class LoyaltyProgrammeView {
  @Field(() => [LoyaltyTierThreshold], { description: 'Tier thresholds, lowest tier first.' })
  tiers!: LoyaltyTierThreshold[];
  @Field(() => Int, { description: 'Points expire, oldest first, this many months after they were credited.' })
  expiryMonths!: number;
  @Field(() => Float, { description: 'The most points one entry may move.' })
  maxPointsPerPosting!: number;
  @Field(() => Float, { description: 'Adjustments of more points than this need a second admin\'s approval.' })
  adjustmentApprovalAbove!: number;
  @Field({ description: 'What happens to a leaving customer\'s points: PAYOUT or FORFEIT.' })
  exitPolicy!: string;
  @Field(() => Money, { description: 'What one point is worth.' })
  pointValue!: Money;
}

@ObjectType({ description: 'The result of a change to a loyalty account.', simpleResolvers: true })
export class LoyaltyAccountPayload {
  @Field(() => LoyaltyAccountView, { nullable: true, description: 'The account as saved; null when there are userErrors.' })
  loyaltyAccount!: LoyaltyAccountView | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'The result of an enrolment batch.', simpleResolvers: true })
export class EnrollCustomersPayload {
  @Field(() => [LoyaltyAccountView], { nullable: true, description: 'The accounts of the batch\'s customers, in the order given; null when there are userErrors.' })
  loyaltyAccounts!: LoyaltyAccountView[] | null;
  @Field(() => Int, { nullable: true, description: 'How many of them were enrolled by this request (the rest were already).' })
  enrolled?: number | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'The result of a write that posts points.', simpleResolvers: true })
export class PointsEntryPayload {
  @Field(() => PointsEntryView, { nullable: true, description: 'The entry posted (on a replay, the one first posted); null when there are userErrors or it waits for approval.' })
  entry!: PointsEntryView | null;
  @Field(() => Boolean, { nullable: true, description: 'true when the idempotency key had been used for this request before and nothing new was posted.' })
  replayed?: boolean | null;
  @Field(() => PointsAdjustmentView, { nullable: true, description: 'An adjustment that waits for a second admin\'s approval (adjustPoints above the threshold).' })
  pendingAdjustment?: PointsAdjustmentView | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}

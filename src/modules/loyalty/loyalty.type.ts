// The read model of loyalty: plain objects from SQL, shaped like these GraphQL types.
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, Node } from '../../graphql/relay';
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

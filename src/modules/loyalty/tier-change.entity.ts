import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LoyaltyAccount, Tier } from './loyalty-account.entity';

/** One change of an account's tier, with the reason and the points that decided it. Append-only. */
@Entity({ tableName: 'tier_change' })
export class TierChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => LoyaltyAccount, { fieldName: 'account_id', mapToPk: true })
  accountId!: string;

  @Enum({ items: () => Tier, nullable: true })
  fromTier?: Tier | null;

  @Enum({ items: () => Tier })
  toTier!: Tier;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'bigint', fieldName: 'points_earned_12m' })
  pointsEarned12m!: string;

  @Property({ type: 'timestamptz' })
  changedAt!: Date;

  @Enum({ items: ['staff', 'partner', 'system'] })
  actorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  actorId!: string;
}

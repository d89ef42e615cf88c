import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

export enum LoyaltyStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}

export enum Tier {
  BRONZE = 'BRONZE',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
  PLATINUM = 'PLATINUM',
}

export const TIERS_LOW_TO_HIGH = [Tier.BRONZE, Tier.SILVER, Tier.GOLD, Tier.PLATINUM] as const;

/** A customer's membership of the loyalty programme: one per enrolled customer. Its balance is the sum of its ledger lines. */
@Entity({ tableName: 'loyalty_account' })
export class LoyaltyAccount extends BaseEntity {
  [OptionalProps]?: 'version';

  // The customer's key; the customers module owns the row (a lower module: no relation to its entity).
  @Property({ type: 'uuid', unique: true })
  customerId!: string;

  @Enum({ items: () => LoyaltyStatus })
  status!: LoyaltyStatus;

  @Enum({ items: () => Tier })
  tier!: Tier;

  @Property({ type: 'timestamptz' })
  enrolledAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  tierChangedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

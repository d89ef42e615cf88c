import { Entity, Enum, ManyToOne, OneToOne, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { LoyaltyAccount } from './loyalty-account.entity';
import { PointsPosting } from './points-posting.entity';

export enum AdjustmentStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/** An adjustment above the approval threshold, waiting for a second admin; approving it posts it. */
@Entity({ tableName: 'points_adjustment' })
export class PointsAdjustment extends BaseEntity {
  [OptionalProps]?: 'version';

  @ManyToOne(() => LoyaltyAccount, { fieldName: 'account_id', mapToPk: true })
  accountId!: string;

  @Property({ type: 'bigint' })
  delta!: string;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Enum({ items: () => AdjustmentStatus })
  status!: AdjustmentStatus;

  @Property({ type: 'text' })
  requestedBy!: string;

  @Property({ type: 'text', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @OneToOne(() => PointsPosting, { fieldName: 'posting_id', mapToPk: true, nullable: true, owner: true, unique: false })
  postingId?: string | null;

  @Property({ type: 'text' })
  idempotencyScope!: string;

  @Property({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'text' })
  requestHash!: string;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

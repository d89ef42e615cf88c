import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LoyaltyAccount } from './loyalty-account.entity';

/** What a posting does to the customer's points. */
export enum PostingKind {
  EARN = 'EARN',
  REDEEM = 'REDEEM',
  EXPIRE = 'EXPIRE',
  ADJUST = 'ADJUST',
  REVERSE = 'REVERSE',
  SETTLE = 'SETTLE',
}

/**
 * The programme's own ledger accounts, against which every movement of a customer's points balances:
 * points issued (earned, adjusted in), redeemed (spent, paid out at exit), expired, forfeited at exit.
 */
export enum ProgrammeAccount {
  ISSUED = 'ISSUED',
  REDEEMED = 'REDEEMED',
  EXPIRED = 'EXPIRED',
  FORFEITED = 'FORFEITED',
}

/** One movement of points: append-only; a correction is a reversing posting. Its lines are in points_line. */
@Entity({ tableName: 'points_posting' })
export class PointsPosting {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => LoyaltyAccount, { fieldName: 'account_id', mapToPk: true })
  accountId!: string;

  @Enum({ items: () => PostingKind })
  kind!: PostingKind;

  /** The size of the movement, always positive. */
  @Property({ type: 'bigint' })
  amount!: string;

  /** Its effect on the customer's balance (+amount or -amount). */
  @Property({ type: 'bigint' })
  delta!: string;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  reasonErasedAt?: Date | null;

  @OneToOne(() => PointsPosting, { fieldName: 'reverses_posting_id', mapToPk: true, nullable: true, unique: true, owner: true })
  reversesPostingId?: string | null;

  @Enum({ items: ['staff', 'partner', 'system'] })
  actorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'text', nullable: true })
  approvedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  idempotencyScope?: string | null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey?: string | null;

  @Property({ type: 'text', nullable: true })
  requestHash?: string | null;

  @Property({ type: 'timestamptz' })
  postedAt!: Date;

  /** For a lot of points credited to the customer: when what remains of it expires. */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}

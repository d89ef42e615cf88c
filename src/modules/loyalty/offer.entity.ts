import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { Tier } from './loyalty-account.entity';

export enum OfferKind {
  RATE_DISCOUNT = 'RATE_DISCOUNT',
  FEE_WAIVER = 'FEE_WAIVER',
  BONUS_POINTS = 'BONUS_POINTS',
  CASHBACK = 'CASHBACK',
  EXCLUSIVE_PRODUCT = 'EXCLUSIVE_PRODUCT',
}

/** Offers whose acceptance credits points to the customer's loyalty account (so they need one). */
export const POSTING_KINDS: ReadonlySet<OfferKind> = new Set([OfferKind.BONUS_POINTS, OfferKind.CASHBACK]);

export enum OfferStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}

export enum AssignmentStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}

/** An offer of the retention catalogue, with its eligibility and its budget (and what is reserved of it). */
@Entity({ tableName: 'retention_offer' })
export class RetentionOffer extends BaseEntity {
  [OptionalProps]?: 'version' | 'reservedCount' | 'reservedValue' | 'productTypes';

  @Enum({ items: () => OfferKind })
  kind!: OfferKind;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  terms!: string;

  /** Points (BONUS_POINTS), minor units (CASHBACK), basis points (RATE_DISCOUNT), months (FEE_WAIVER), 0 (EXCLUSIVE_PRODUCT). */
  @Property({ type: 'bigint' })
  value!: string;

  @Property({ type: 'timestamptz' })
  validFrom!: Date;

  @Property({ type: 'timestamptz' })
  validUntil!: Date;

  @Enum({ items: () => Tier, nullable: true })
  minTier?: Tier | null;

  /** Account types (the customers module's) of which the customer must hold one open; empty: none needed. */
  @Property({ type: ArrayType, columnType: 'text[]' })
  productTypes: string[] = [];

  @Property({ type: 'integer', nullable: true })
  budgetCount?: number | null;

  @Property({ type: 'bigint', nullable: true })
  budgetValue?: string | null;

  @Property({ type: 'integer', default: 0 })
  reservedCount: number = 0;

  @Property({ type: 'bigint', default: 0 })
  reservedValue: string = '0';

  @Enum({ items: () => OfferStatus })
  status!: OfferStatus;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** An offer proposed to one customer, and their answer. */
@Entity({ tableName: 'offer_assignment' })
export class OfferAssignment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => RetentionOffer, { fieldName: 'offer_id', mapToPk: true })
  offerId!: string;

  // The customer's key; the customers module owns the row.
  @Property({ type: 'uuid' })
  customerId!: string;

  /** The offer's value when it was proposed: what the budget reserved for it. */
  @Property({ type: 'bigint' })
  value!: string;

  @Property({ type: 'text' })
  proposedBy!: string;

  @Property({ type: 'timestamptz' })
  proposedAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Enum({ items: () => AssignmentStatus })
  status!: AssignmentStatus;

  @Property({ type: 'timestamptz', nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  answeredBy?: string | null;

  @Property({ type: 'text', nullable: true })
  channel?: string | null;

  // The offboarding case (and, once answered, its retention attempt) the offer was made within.
  @Property({ type: 'uuid', nullable: true })
  offboardingCaseId?: string | null;

  @Property({ type: 'uuid', nullable: true, unique: true })
  retentionAttemptId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  postingId?: string | null;

  @Property({ type: 'text', nullable: true })
  answerIdempotencyScope?: string | null;

  @Property({ type: 'text', nullable: true })
  answerIdempotencyKey?: string | null;

  @Property({ type: 'text', nullable: true })
  answerRequestHash?: string | null;
}

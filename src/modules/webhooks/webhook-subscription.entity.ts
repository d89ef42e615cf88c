import { ArrayType, Entity, Enum, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

export enum WebhookSubscriptionStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
}

/** A URL subscribed to event types (the write model). Secrets are ciphertexts only. */
@Entity({ tableName: 'webhook_subscription' })
export class WebhookSubscription extends BaseEntity {
  /** The partner client that owns it; null for one made by staff. */
  @Property({ type: 'uuid', nullable: true })
  clientId?: string | null;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  eventTypes!: string[];

  @Property({ type: 'uuid', nullable: true })
  filterSegmentId?: string | null;

  @Property({ type: 'text', nullable: true })
  filterBand?: string | null;

  @Property({ type: 'text', nullable: true })
  filterRegion?: string | null;

  @Property({ type: 'text', hidden: true })
  secretEncrypted!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecretEncrypted?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  secretRotatedAt?: Date | null;

  @Enum({ items: () => WebhookSubscriptionStatus })
  status!: WebhookSubscriptionStatus;

  @Property({ type: 'text', nullable: true })
  pausedReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  pausedAt?: Date | null;
}

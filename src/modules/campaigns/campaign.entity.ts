import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

export enum CampaignState {
  /** Being prepared: nothing sent, the holdout not drawn. */
  DRAFT = 'DRAFT',
  /** Assignments drawn and the offer proposed to the treated customers. */
  LAUNCHED = 'LAUNCHED',
  /** Over: results stay readable. */
  CLOSED = 'CLOSED',
}

export enum CampaignChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  PUSH = 'PUSH',
  MAIL = 'MAIL',
  PHONE = 'PHONE',
  BRANCH = 'BRANCH',
}

/** A catalogue offer to a segment through a channel, with a holdout. Assignments live in `campaign_assignment`, written set-based. */
@Entity({ tableName: 'campaign' })
export class Campaign extends BaseEntity {
  [OptionalProps]?: 'version' | 'description' | 'launchedAt' | 'closedAt' | 'treatedCount' | 'holdoutCount' | 'withoutConsentCount' | 'proposedCount';

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  // Keys of loyalty's offer and segments' segment (their modules own the rows).
  @Property({ type: 'uuid' })
  offerId!: string;

  @Property({ type: 'uuid' })
  segmentId!: string;

  @Enum({ items: () => CampaignChannel })
  channel!: CampaignChannel;

  @Property({ type: 'integer' })
  holdoutPercent!: number;

  @Enum({ items: () => CampaignState })
  state!: CampaignState;

  @Property({ type: 'timestamptz', nullable: true })
  launchedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'integer' })
  treatedCount: number = 0;

  @Property({ type: 'integer' })
  holdoutCount: number = 0;

  @Property({ type: 'integer' })
  withoutConsentCount: number = 0;

  @Property({ type: 'integer' })
  proposedCount: number = 0;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

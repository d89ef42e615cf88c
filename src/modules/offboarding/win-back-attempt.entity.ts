import { Entity, Enum, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

export enum WinBackOutcome {
  INTERESTED = 'INTERESTED',
  DECLINED = 'DECLINED',
  NO_RESPONSE = 'NO_RESPONSE',
  WON_BACK = 'WON_BACK',
}

/** An approach to a customer who left, and how it went. */
@Entity({ tableName: 'win_back_attempt' })
export class WinBackAttempt extends BaseEntity {
  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  offer!: string;

  @Enum({ items: () => WinBackOutcome })
  outcome!: WinBackOutcome;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;

  @Property({ type: 'text' })
  recordedBy!: string;
}

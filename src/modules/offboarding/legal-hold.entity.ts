import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

/** A hold on a customer's records: while active, nothing of theirs is erased or anonymised. */
@Entity({ tableName: 'legal_hold' })
export class LegalHold extends BaseEntity {
  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text' })
  placedBy!: string;

  @Property({ type: 'timestamptz' })
  placedAt!: Date;

  @Property({ type: 'text', nullable: true })
  releasedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  releasedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  releaseNote?: string | null;
}

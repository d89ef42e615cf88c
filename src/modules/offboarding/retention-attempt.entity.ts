import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { OffboardingCase } from './offboarding-case.entity';

export enum RetentionAnswer {
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

/** What the bank offered a leaving customer, and what they said. */
@Entity({ tableName: 'retention_attempt' })
export class RetentionAttempt {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  // A relation only so that the unit of work inserts the case first; the property stays its id.
  @ManyToOne(() => OffboardingCase, { fieldName: 'case_id', mapToPk: true })
  caseId!: string;

  @Property({ type: 'text' })
  offer!: string;

  @Enum({ items: () => RetentionAnswer })
  answer!: RetentionAnswer;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;

  @Property({ type: 'text' })
  recordedBy!: string;
}

import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { OffboardingCase } from './offboarding-case.entity';

/** One line of a case's history: who moved it from where to where, when, and why. Append-only. */
@Entity({ tableName: 'case_transition' })
export class CaseTransition {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  // A relation only so that the unit of work inserts the case first; the property stays its id.
  @ManyToOne(() => OffboardingCase, { fieldName: 'case_id', mapToPk: true })
  caseId!: string;

  @Property({ type: 'text' })
  transition!: string;

  @Property({ type: 'text', nullable: true })
  fromState?: string | null;

  @Property({ type: 'text' })
  toState!: string;

  @Enum({ items: ['staff', 'partner', 'system'] })
  actorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  noteErasedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}

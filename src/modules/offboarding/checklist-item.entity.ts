import { Entity, ManyToOne, OptionalProps, Property } from '@mikro-orm/core';
import { OffboardingCase } from './offboarding-case.entity';
import { BaseEntity } from '../../db/base.entity';

/** The kinds of item offboarding itself puts on a settlement checklist; other modules add their own. */
export enum CoreItemKind {
  SETTLE_DEBT = 'SETTLE_DEBT',
  MOVE_BALANCE = 'MOVE_BALANCE',
  CANCEL_CARD = 'CANCEL_CARD',
  HAND_OVER_PAYMENTS = 'HAND_OVER_PAYMENTS',
  FINAL_STATEMENT = 'FINAL_STATEMENT',
  CREDIT_BUREAU_NOTICE = 'CREDIT_BUREAU_NOTICE',
}

export const CORE_SOURCE = 'offboarding';

@Entity({ tableName: 'checklist_item' })
export class ChecklistItem extends BaseEntity {
  [OptionalProps]?: 'required';

  // A relation only so that the unit of work inserts the case first; the property stays its id.
  @ManyToOne(() => OffboardingCase, { fieldName: 'case_id', mapToPk: true })
  caseId!: string;

  @Property({ type: 'integer' })
  position!: number;

  /** The module that put the item on the list. */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'boolean' })
  required: boolean = true;

  @Property({ type: 'uuid', nullable: true })
  accountId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  doneAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  doneBy?: string | null;

  /** Where a deposit balance went (MOVE_BALANCE). */
  @Property({ type: 'text', nullable: true })
  destination?: string | null;

  /** The amount moved or settled, as the account showed it when the item was ticked. */
  @Property({ type: 'bigint', nullable: true })
  amountMinor?: string | null;

  @Property({ type: 'character', length: 3, nullable: true })
  currency?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

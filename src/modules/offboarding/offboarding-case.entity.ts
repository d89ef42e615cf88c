import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { RetentionAnswer } from './retention-attempt.entity';

export enum CaseState {
  REQUESTED = 'REQUESTED',
  RETENTION = 'RETENTION',
  RETAINED = 'RETAINED',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  NOTICE = 'NOTICE',
  SETTLEMENT = 'SETTLEMENT',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export enum InitiatedBy {
  CUSTOMER = 'CUSTOMER',
  BANK = 'BANK',
}

export enum OffboardingReason {
  FEES = 'FEES',
  INTEREST_RATES = 'INTEREST_RATES',
  SERVICE_QUALITY = 'SERVICE_QUALITY',
  DIGITAL_EXPERIENCE = 'DIGITAL_EXPERIENCE',
  RELOCATION = 'RELOCATION',
  COMPETITOR_OFFER = 'COMPETITOR_OFFER',
  DECEASED = 'DECEASED',
  RISK_APPETITE = 'RISK_APPETITE',
  AML_CONCERN = 'AML_CONCERN',
  DORMANCY = 'DORMANCY',
  OTHER = 'OTHER',
}

/** Which reasons fit which kind of exit (OTHER fits both). */
export const REASONS_BY_INITIATOR: Record<InitiatedBy, ReadonlySet<OffboardingReason>> = {
  [InitiatedBy.CUSTOMER]: new Set([
    OffboardingReason.FEES, OffboardingReason.INTEREST_RATES, OffboardingReason.SERVICE_QUALITY,
    OffboardingReason.DIGITAL_EXPERIENCE, OffboardingReason.RELOCATION, OffboardingReason.COMPETITOR_OFFER,
    OffboardingReason.DECEASED, OffboardingReason.OTHER,
  ]),
  [InitiatedBy.BANK]: new Set([
    OffboardingReason.RISK_APPETITE, OffboardingReason.AML_CONCERN, OffboardingReason.DORMANCY, OffboardingReason.OTHER,
  ]),
};

export enum OffboardingScope {
  FULL = 'FULL',
  PARTIAL = 'PARTIAL',
}

/** The write model of a case. Reads go through offboarding.queries.ts. */
@Entity({ tableName: 'offboarding_case' })
export class OffboardingCase extends BaseEntity {
  [OptionalProps]?: 'version' | 'scopeAccountIds' | 'closedAccountIds';

  @Property({ type: 'uuid' })
  customerId!: string;

  @Enum({ items: () => InitiatedBy })
  initiatedBy!: InitiatedBy;

  @Enum({ items: () => OffboardingReason })
  reason!: OffboardingReason;

  @Property({ type: 'text', nullable: true })
  reasonDetail?: string | null;

  @Enum({ items: () => OffboardingScope })
  scope!: OffboardingScope;

  /** Account ids (uuids) of a PARTIAL exit; empty for FULL. */
  @Property({ type: 'json', columnType: 'jsonb', default: "'[]'" })
  scopeAccountIds: string[] = [];

  @Property({ type: 'uuid', nullable: true })
  assigneeId?: string | null;

  @Enum({ items: () => CaseState })
  state!: CaseState;

  @Property({ type: 'timestamptz' })
  stateEnteredAt!: Date;

  @Enum({ items: ['staff', 'partner', 'system'] })
  initiatorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  initiatorId!: string;

  @Property({ type: 'text', nullable: true })
  submittedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  approvedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  notifiedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  noticeEndsAt?: Date | null;

  /** The customer's answer to the latest retention offer. */
  @Enum({ items: () => RetentionAnswer, nullable: true })
  retentionAnswer?: RetentionAnswer | null;

  @Property({ type: 'timestamptz', nullable: true })
  settlementStartedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  retainUntil?: Date | null;

  @Property({ type: 'text', nullable: true })
  legalBasis?: string | null;

  /** The accounts that closing the case closed. */
  @Property({ type: 'json', columnType: 'jsonb', default: "'[]'" })
  closedAccountIds: string[] = [];

  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  notesErasedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  anonymisedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export enum ExitInitiator {
  CUSTOMER = 'CUSTOMER',
  BANK = 'BANK',
}

/** Why a customer chose to leave (bank-initiated exits keep no reason). */
export enum CustomerExitReason {
  FEES = 'FEES',
  INTEREST_RATES = 'INTEREST_RATES',
  SERVICE_QUALITY = 'SERVICE_QUALITY',
  DIGITAL_EXPERIENCE = 'DIGITAL_EXPERIENCE',
  RELOCATION = 'RELOCATION',
  COMPETITOR_OFFER = 'COMPETITOR_OFFER',
  DECEASED = 'DECEASED',
  OTHER = 'OTHER',
}

/** An exit from before Keel, imported so that it counts as a churn label when customer-initiated. */
@Entity({ tableName: 'risk_exit' })
@Unique({ name: 'risk_exit_customer_exited_key', properties: ['customerId', 'exitedAt'] })
export class RiskExit {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'timestamptz' })
  exitedAt!: Date;

  @Enum({ items: () => ExitInitiator })
  initiator!: ExitInitiator;

  @Enum({ items: () => CustomerExitReason, nullable: true })
  reason?: CustomerExitReason | null;

  @Property({ type: 'text' })
  importedBy!: string;
}

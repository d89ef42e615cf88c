import { Entity, Enum, Index, ManyToOne, OptionalProps, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { StaffUser } from './staff-user.entity';

export enum CustomerStatus {
  ACTIVE = 'ACTIVE',
  OFFBOARDING = 'OFFBOARDING',
  EXITED = 'EXITED',
}

export enum Channel {
  BRANCH = 'BRANCH',
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  MOBILE = 'MOBILE',
  WEB = 'WEB',
}

/** Personal data fields: audited by name only, masked for viewers who may not see them. */
export const CUSTOMER_PII_FIELDS = new Set([
  'firstName',
  'lastName',
  'email',
  'phone',
  'dateOfBirth',
  'nationalId',
  'address',
]);

@Entity({ tableName: 'customer' })
@Index({ name: 'customer_rm_name_idx', properties: ['relationshipManager', 'lastName', 'firstName', 'id'] })
export class Customer extends BaseEntity {
  [OptionalProps]?: 'status' | 'restricted' | 'totalDepositsMinor' | 'totalDebtMinor' | 'openProductCount' | 'version' | 'marketingConsent';

  @Property({ type: 'text' })
  @Unique()
  externalRef!: string;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  /** AES-256-GCM ciphertext: `<key id>:<iv>:<tag>:<data>` (base64url parts). */
  @Property({ type: 'text', nullable: true })
  nationalIdEnc?: string | null;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'text', nullable: true })
  region?: string | null;

  @Enum({ items: () => Channel, nativeEnumName: undefined, nullable: true })
  preferredChannel?: Channel | null;

  @Property({ type: 'boolean' })
  marketingConsent: boolean = false;

  @Property({ type: 'timestamptz', nullable: true })
  marketingConsentAt?: Date | null;

  @Enum({ items: () => CustomerStatus })
  status: CustomerStatus = CustomerStatus.ACTIVE;

  @Property({ type: 'boolean' })
  restricted: boolean = false;

  @Property({ type: 'timestamptz' })
  joinedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  exitedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  wonBackAt?: Date | null;

  @ManyToOne(() => StaffUser, { nullable: true, fieldName: 'rm_id' })
  relationshipManager?: Rel<StaffUser> | null;

  /** Derived in the reporting currency (minor units), kept for ordering and filtering. */
  @Property({ type: 'bigint', default: 0 })
  totalDepositsMinor: string = '0';

  @Property({ type: 'bigint', default: 0 })
  totalDebtMinor: string = '0';

  @Property({ type: 'integer' })
  openProductCount: number = 0;

  /** Change of the average balance over the last 90 days, in basis points (-10000 = emptied). */
  @Property({ type: 'integer', nullable: true, fieldName: 'balance_trend_90d_bp' })
  balanceTrend90dBp?: number | null;

  @Property({ type: 'integer', nullable: true })
  monthsSinceLastActivity?: number | null;

  /** Time of the newest ingested profile, so that late messages never overwrite newer data. */
  @Property({ type: 'timestamptz', nullable: true })
  profileAsOf?: Date | null;

  /** Set when the personal data was anonymised after the retention period; never cleared. */
  @Property({ type: 'timestamptz', nullable: true })
  anonymisedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

import { Entity, Enum, Index, ManyToOne, OptionalProps, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { Customer } from './customer.entity';

export enum AccountType {
  CURRENT = 'CURRENT',
  SAVINGS = 'SAVINGS',
  TERM_DEPOSIT = 'TERM_DEPOSIT',
  CREDIT_CARD = 'CREDIT_CARD',
  PERSONAL_LOAN = 'PERSONAL_LOAN',
  MORTGAGE = 'MORTGAGE',
  WEALTH = 'WEALTH',
}

export const DEBT_ACCOUNT_TYPES = new Set([AccountType.CREDIT_CARD, AccountType.PERSONAL_LOAN, AccountType.MORTGAGE]);

export enum AccountStatus {
  OPEN = 'OPEN',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}

/** A product the customer holds. Money in minor units; debt is a positive `outstanding`. */
@Entity({ tableName: 'account' })
@Index({ properties: ['customer', 'openedAt'] })
export class Account extends BaseEntity {
  [OptionalProps]?: 'balanceMinor' | 'outstandingMinor' | 'status';

  @ManyToOne(() => Customer, { fieldName: 'customer_id' })
  customer!: Rel<Customer>;

  @Property({ type: 'text' })
  @Unique()
  externalRef!: string;

  @Enum({ items: () => AccountType })
  type!: AccountType;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  @Property({ type: 'bigint', default: 0 })
  balanceMinor: string = '0';

  @Property({ type: 'bigint', default: 0 })
  outstandingMinor: string = '0';

  @Enum({ items: () => AccountStatus })
  status: AccountStatus = AccountStatus.OPEN;

  @Property({ type: 'date' })
  openedAt!: string;

  @Property({ type: 'date', nullable: true })
  closedAt?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  asOf?: Date | null;
}

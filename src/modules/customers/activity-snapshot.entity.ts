import { Entity, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { Customer } from './customer.entity';

/** One month of a customer's behaviour, as core banking reports it. Money in minor units of `currency`. */
@Entity({ tableName: 'activity_snapshot' })
@Unique({ properties: ['customer', 'month'] })
export class ActivitySnapshot extends BaseEntity {
  @ManyToOne(() => Customer, { fieldName: 'customer_id' })
  customer!: Rel<Customer>;

  /** The first day of the month (YYYY-MM-01). */
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'integer' })
  transactionCount!: number;

  @Property({ type: 'bigint' })
  transactionVolumeMinor!: string;

  @Property({ type: 'bigint' })
  averageBalanceMinor!: string;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  @Property({ type: 'integer' })
  digitalLogins!: number;

  @Property({ type: 'boolean' })
  salaryCredited!: boolean;

  @Property({ type: 'timestamptz' })
  asOf!: Date;
}

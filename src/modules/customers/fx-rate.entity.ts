import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

/** The latest rate of one currency to the reporting currency: 1 unit of `currency` = `rate` units. */
@Entity({ tableName: 'fx_rate' })
export class FxRate extends BaseEntity {
  @Property({ type: 'character', length: 3 })
  @Unique()
  currency!: string;

  /** numeric(20,10), kept as a decimal string: never a float. */
  @Property({ type: 'decimal', precision: 20, scale: 10 })
  rate!: string;

  /** The currency's own minor digits, so that SQL can convert minor units without a lookup table. */
  @Property({ type: 'smallint' })
  minorDigits!: number;

  @Property({ type: 'timestamptz' })
  asOf!: Date;
}

// The read model of the ingested behaviour data and exchange rates: plain objects from SQL.
import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../../graphql/money';
import { Node } from '../../graphql/relay';

@ObjectType('ActivitySnapshot', { implements: Node, description: 'One month of a customer\'s behaviour, as core banking reports it.', simpleResolvers: true })
export class ActivitySnapshotView extends Node {
  key!: string;
  customerKey!: string;
  @Field({ description: 'The month, YYYY-MM.' })
  month!: string;
  @Field(() => Int, { description: 'Number of transactions in the month.' })
  transactionCount!: number;
  @Field(() => Money, { description: 'Sum of the month\'s transactions.' })
  transactionVolume!: Money;
  @Field(() => Money, { description: 'Average balance over the month.' })
  averageBalance!: Money;
  @Field(() => Int, { description: 'Logins to digital banking in the month.' })
  digitalLogins!: number;
  @Field({ description: 'Whether a salary was credited in the month.' })
  salaryCredited!: boolean;
  @Field(() => Date, { description: 'The time core banking stamped these figures with.' })
  asOf!: Date;
}

@ObjectType('FxRate', { implements: Node, description: 'The latest rate of a currency to the reporting currency.', simpleResolvers: true })
export class FxRateView extends Node {
  key!: string;
  @Field({ description: 'ISO 4217 code of the currency.' })
  currency!: string;
  @Field({ description: 'The reporting currency (ISO 4217) that the rate converts to.' })
  quoteCurrency!: string;
  @Field({ description: 'Units of the reporting currency for one unit of `currency`, as a decimal string.' })
  rate!: string;
  @Field(() => Date, { description: 'The time of the rate.' })
  asOf!: Date;
}

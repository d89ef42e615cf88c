// Ingestion inputs: batches of up to 1,000 items, each keyed by the core banking system's reference
// and stamped with the time it describes (`asOf`). Checks that need no database are here; the
// service adds the batch checks (duplicate keys, unknown references).
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { type ClassType, Field, InputType, Int } from 'type-graphql';
import { AccountStatus, AccountType } from './account.entity';
import { Channel } from './customer.entity';
import { CustomerField } from './customer.inputs';

export const MAX_BATCH_ITEMS = 1000;

const REF = /^[A-Za-z0-9._-]+$/;
const REF_MESSAGE = (field: string) => `${field} may contain letters, digits, ".", "_" and "-" only`;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string) => ({ message: `${field} must be a date (YYYY-MM-DD)` });

@InputType({ description: 'An amount of money: a decimal string and an ISO 4217 currency code.' })
export class MoneyInput {
  @Field({ description: 'Decimal string with at most the currency\'s own number of decimals, e.g. "1250.00"; never negative.' })
  @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'amount must be a non-negative decimal string such as "1250.00"' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency!: string;
}

@InputType({
  description:
    'A customer\'s profile as core banking knows it at `asOf`. An optional field left out keeps what Keel has; null clears it.',
})
export class CustomerItemInput {
  @Field({ description: 'The core banking system\'s customer reference: the key of the item.' })
  @CustomerField.externalRef()
  externalRef!: string;

  @Field({ description: 'Given name.' })
  @CustomerField.firstName()
  firstName!: string;

  @Field({ description: 'Family name.' })
  @CustomerField.lastName()
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Email address (personal data).' })
  @CustomerField.email()
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number (personal data).' })
  @CustomerField.phone()
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Date of birth, YYYY-MM-DD (personal data).' })
  @CustomerField.dateOfBirth()
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true, description: 'National identity number (personal data); encrypted before it is stored.' })
  @CustomerField.nationalId()
  nationalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address (personal data).' })
  @CustomerField.address()
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'The region of the bank that serves the customer.' })
  @CustomerField.region()
  region?: string | null;

  @Field(() => Channel, { nullable: true, description: 'How the customer prefers to be contacted.' })
  preferredChannel?: Channel | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the customer agrees to marketing; a change is stamped with `asOf`.' })
  @CustomerField.marketingConsent()
  marketingConsent?: boolean | null;

  @Field(() => Date, { nullable: true, description: 'When the relationship began; a new customer without it joined at `asOf`.' })
  @IsOptional()
  joinedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The relationship manager\'s identity provider subject, e.g. "rm-01"; null: none.' })
  @IsOptional()
  @Length(1, 200)
  relationshipManagerSubject?: string | null;

  @Field(() => Date, { description: 'The time this profile describes; older than what Keel has: reported as stale, not applied.' })
  asOf!: Date;
}

@InputType({ description: 'A product a customer holds, as core banking knows it at `asOf` (the whole state of the account).' })
export class AccountItemInput {
  @Field({ description: 'The core banking system\'s account reference: the key of the item.' })
  @Length(1, 64)
  @Matches(REF, { message: REF_MESSAGE('externalRef') })
  externalRef!: string;

  @Field({ description: 'The holder\'s customer reference (the customer must exist in Keel).' })
  @Length(1, 64)
  customerExternalRef!: string;

  @Field(() => AccountType, { description: 'The kind of product.' })
  type!: AccountType;

  @Field(() => AccountStatus, { description: 'Whether the product can be used.' })
  status!: AccountStatus;

  @Field(() => MoneyInput, { nullable: true, description: 'Money held, for deposit products (current, savings, term deposit, wealth).' })
  @IsOptional()
  @ValidateNested()
  balance?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Money owed as a positive amount, for debt products (credit card, loans, mortgage).' })
  @IsOptional()
  @ValidateNested()
  outstanding?: MoneyInput | null;

  @Field({ description: 'Date the product was opened (YYYY-MM-DD).' })
  @Matches(DATE, dateMessage('openedAt'))
  @IsISO8601({ strict: true }, dateMessage('openedAt'))
  openedAt!: string;

  @Field(() => String, { nullable: true, description: 'Date the product was closed (YYYY-MM-DD); required exactly when the status is CLOSED.' })
  @IsOptional()
  @Matches(DATE, dateMessage('closedAt'))
  @IsISO8601({ strict: true }, dateMessage('closedAt'))
  closedAt?: string | null;

  @Field(() => Date, { description: 'The time this state describes; older than what Keel has: reported as stale, not applied.' })
  asOf!: Date;
}

@InputType({ description: 'One month of a customer\'s behaviour; a customer has one snapshot per month.' })
export class ActivitySnapshotItemInput {
  @Field({ description: 'The customer\'s reference (the customer must exist in Keel).' })
  @Length(1, 64)
  customerExternalRef!: string;

  @Field({ description: 'The month, YYYY-MM; with the customer, the key of the item.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month (YYYY-MM)' })
  month!: string;

  @Field(() => Int, { description: 'Number of transactions in the month.' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  transactionCount!: number;

  @Field(() => MoneyInput, { description: 'Sum of the month\'s transactions.' })
  @ValidateNested()
  transactionVolume!: MoneyInput;

  @Field(() => MoneyInput, { description: 'Average balance over the month, in the same currency as the volume.' })
  @ValidateNested()
  averageBalance!: MoneyInput;

  @Field(() => Int, { description: 'Logins to digital banking in the month.' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  digitalLogins!: number;

  @Field({ description: 'Whether a salary was credited in the month.' })
  @IsBoolean()
  salaryCredited!: boolean;

  @Field(() => Date, { description: 'The time these figures describe; older than what Keel has: reported as stale, not applied.' })
  asOf!: Date;
}

@InputType({ description: 'The rate of one currency to the reporting currency.' })
export class FxRateItemInput {
  @Field({ description: 'ISO 4217 currency code: the key of the item.' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "USD"' })
  currency!: string;

  @Field({ description: 'Units of the reporting currency for one unit of `currency`, as a decimal string, e.g. "0.9215".' })
  @Matches(/^\d{1,10}(\.\d{1,10})?$/, { message: 'rate must be a decimal string with at most 10 decimals, such as "0.9215"' })
  @Matches(/[1-9]/, { message: 'rate must be greater than zero' })
  rate!: string;

  @Field(() => Date, { description: 'The time of the rate; older than what Keel has: reported as stale, not applied.' })
  asOf!: Date;
}

/** A batch of items: `{ items: [...] }`, at most MAX_BATCH_ITEMS. */
function BatchInput<T extends object>(item: ClassType<T>, name: string, what: string) {
  @InputType(name, { description: `${what}, at most ${MAX_BATCH_ITEMS}.` })
  class Batch {
    @Field(() => [item], { description: 'The items; all are applied or none.' })
    @ValidateNested({ each: true })
    items!: T[];
  }
  return Batch;
}

export const UpsertCustomersInput = BatchInput(CustomerItemInput, 'UpsertCustomersInput', 'Customer profiles to create or update');
export type UpsertCustomersInput = InstanceType<typeof UpsertCustomersInput>;
export const UpsertAccountsInput = BatchInput(AccountItemInput, 'UpsertAccountsInput', 'Accounts to create or update');
export type UpsertAccountsInput = InstanceType<typeof UpsertAccountsInput>;
export const RecordActivitySnapshotsInput = BatchInput(ActivitySnapshotItemInput, 'RecordActivitySnapshotsInput', 'Monthly activity snapshots to record');
export type RecordActivitySnapshotsInput = InstanceType<typeof RecordActivitySnapshotsInput>;
export const UpsertFxRatesInput = BatchInput(FxRateItemInput, 'UpsertFxRatesInput', 'FX rates to the reporting currency');
export type UpsertFxRatesInput = InstanceType<typeof UpsertFxRatesInput>;

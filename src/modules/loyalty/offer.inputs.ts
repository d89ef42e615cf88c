import { ArrayMaxSize, IsOptional, Length, Matches } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { AccountType } from '../customers/public';
import { Tier } from './loyalty-account.entity';
import { OfferKind, OfferStatus } from './offer.entity';

export enum OfferAnswer {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
}
registerEnumType(OfferAnswer, { name: 'OfferAnswer', description: 'What the customer said to an offer: ACCEPT or DECLINE.' });

const KEY = 'Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT.';
const VALUE = 'What the offer is worth, by kind: points (BONUS_POINTS), minor units of the reporting currency (CASHBACK), basis points off the rate (RATE_DISCOUNT), months of fees waived (FEE_WAIVER), 0 (EXCLUSIVE_PRODUCT).';
const CHANNEL = /^[A-Za-z][A-Za-z0-9_ -]{0,39}$/;

@InputType({ description: 'A new offer of the retention catalogue.' })
export class CreateRetentionOfferInput {
  @Field(() => OfferKind, { description: 'What kind of offer it is.' })
  kind!: OfferKind;

  @Field({ description: 'Its name, as staff and customers see it (1 to 200 characters).' })
  @Length(1, 200)
  name!: string;

  @Field({ description: 'Its terms and conditions (1 to 5,000 characters).' })
  @Length(1, 5000)
  terms!: string;

  @Field(() => Float, { description: VALUE })
  value!: number;

  @Field(() => Date, { description: 'From when it may be proposed (inclusive).' })
  validFrom!: Date;

  @Field(() => Date, { description: 'Until when it may be proposed and answered (exclusive).' })
  validUntil!: Date;

  @Field(() => Tier, { nullable: true, description: 'The lowest loyalty tier a customer must hold; none: no tier needed.' })
  @IsOptional()
  minTier?: Tier | null;

  @Field(() => [AccountType], { nullable: true, description: 'The customer must hold an open account of one of these types; empty or none: no product needed.' })
  @IsOptional()
  @ArrayMaxSize(20)
  productTypes?: AccountType[] | null;

  @Field(() => Int, { nullable: true, description: 'At most this many proposals (open or accepted); none: no limit.' })
  @IsOptional()
  budgetCount?: number | null;

  @Field(() => Float, { nullable: true, description: 'At most this much value (in the offer\'s own unit) proposed or accepted; none: no limit.' })
  @IsOptional()
  budgetValue?: number | null;
}

@InputType({ description: 'Changes an offer of the catalogue: fields left out stay as they are; null clears minTier and the budgets.' })
export class UpdateRetentionOfferInput {
  @Field(() => ID, { description: 'The RetentionOffer id.' })
  offerId!: string;

  @Field(() => Int, { description: 'The version you read: a stale one is a CONFLICT.' })
  version!: number;

  @Field({ nullable: true, description: 'New name (1 to 200 characters).' })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true, description: 'New terms (1 to 5,000 characters).' })
  @IsOptional()
  @Length(1, 5000)
  terms?: string;

  @Field(() => Float, { nullable: true, description: VALUE })
  @IsOptional()
  value?: number;

  @Field(() => Date, { nullable: true, description: 'New start of validity.' })
  @IsOptional()
  validFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'New end of validity.' })
  @IsOptional()
  validUntil?: Date;

  @Field(() => Tier, { nullable: true, description: 'New minimum tier; null: none.' })
  @IsOptional()
  minTier?: Tier | null;

  @Field(() => [AccountType], { nullable: true, description: 'New product types; empty: none needed.' })
  @IsOptional()
  @ArrayMaxSize(20)
  productTypes?: AccountType[] | null;

  @Field(() => Int, { nullable: true, description: 'New count budget; null: no limit. Never below what is reserved already.' })
  @IsOptional()
  budgetCount?: number | null;

  @Field(() => Float, { nullable: true, description: 'New value budget; null: no limit. Never below what is reserved already.' })
  @IsOptional()
  budgetValue?: number | null;
}

@InputType({ description: 'Retires an offer: it can no longer be proposed (open proposals stand until answered or expired).' })
export class RetireRetentionOfferInput {
  @Field(() => ID, { description: 'The RetentionOffer id.' })
  offerId!: string;

  @Field(() => Int, { description: 'The version you read: a stale one is a CONFLICT.' })
  version!: number;
}

@InputType({ description: 'Proposes a catalogue offer to a customer; it reserves its share of the offer\'s budget until answered or expired.' })
export class ProposeOfferInput {
  @Field(() => ID, { description: 'The RetentionOffer id.' })
  offerId!: string;

  @Field(() => ID, { description: 'The Customer id.' })
  customerId!: string;

  @Field(() => Date, { nullable: true, description: 'When the proposal lapses; default 30 days from now, never after the offer\'s validity.' })
  @IsOptional()
  expiresAt?: Date;

  @Field({ nullable: true, description: 'Where it was proposed (e.g. BRANCH, PHONE, APP): a letter, then up to 39 letters, digits, spaces, _ or -.' })
  @IsOptional()
  @Matches(CHANNEL, { message: 'channel must be a letter followed by up to 39 letters, digits, spaces, _ or -' })
  channel?: string;

  @Field(() => ID, { nullable: true, description: 'The OffboardingCase id when the offer is made to keep a customer who asked to leave: their answer is recorded as the case\'s retention attempt.' })
  @IsOptional()
  offboardingCaseId?: string;
}

@InputType({ description: 'The customer\'s answer to an offer proposed to them: once only.' })
export class RespondToOfferInput {
  @Field(() => ID, { description: 'The OfferAssignment id.' })
  assignmentId!: string;

  @Field(() => OfferAnswer, { description: 'ACCEPT or DECLINE.' })
  answer!: OfferAnswer;

  @Field({ nullable: true, description: 'Where the customer answered (same form as ProposeOfferInput.channel).' })
  @IsOptional()
  @Matches(CHANNEL, { message: 'channel must be a letter followed by up to 39 letters, digits, spaces, _ or -' })
  channel?: string;

  @Field({ description: KEY })
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'Withdraws an offer proposed to a customer before they answer; its budget is released.' })
export class WithdrawOfferInput {
  @Field(() => ID, { description: 'The OfferAssignment id.' })
  assignmentId!: string;
}

@InputType({ description: 'Narrows the catalogue.' })
export class RetentionOfferFilter {
  @Field(() => OfferStatus, { nullable: true, description: 'Only offers with this status.' })
  @IsOptional()
  status?: OfferStatus;

  @Field(() => OfferKind, { nullable: true, description: 'Only offers of this kind.' })
  @IsOptional()
  kind?: OfferKind;
}

@ArgsType()
export class RetentionOffersArgs extends ConnectionArgs {
  @Field(() => RetentionOfferFilter, { nullable: true, description: 'Narrows the list.' })
  filter?: RetentionOfferFilter;
}

@ArgsType()
export class CustomerOffersArgs extends ConnectionArgs {}

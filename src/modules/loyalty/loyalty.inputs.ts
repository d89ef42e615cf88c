import { ArrayMaxSize, ArrayMinSize, IsOptional, Length } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';

export enum PointsDirection {
  CREDIT = 'CREDIT',
  DEBIT = 'DEBIT',
}
registerEnumType(PointsDirection, { name: 'PointsDirection', description: 'CREDIT gives the customer points; DEBIT takes them.' });

const KEY = 'Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT.';
const AMOUNT = 'Points: a whole number from 1 to the configured maximum per posting.';

@InputType({ description: 'Enrols one customer in the loyalty programme (a customer already enrolled keeps their account).' })
export class EnrollCustomerInput {
  @Field(() => ID, { description: 'The Customer id.' })
  customerId!: string;
}

@InputType({ description: 'Enrols up to 1,000 customers at once, all or nothing; those already enrolled are left as they are.' })
export class EnrollCustomersInput {
  @Field(() => [String], { description: 'Customer ids or customers\' external references (core banking\'s), 1 to 1,000.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Length(1, 100, { each: true })
  customers!: string[];
}

@InputType({ description: 'Suspends a loyalty account: points can no longer be redeemed.' })
export class SuspendLoyaltyAccountInput {
  @Field(() => ID, { description: 'The LoyaltyAccount id.' })
  accountId!: string;

  @Field({ description: 'Why (kept in the account\'s record, audited by name only).' })
  @Length(1, 500)
  reason!: string;
}

@InputType({ description: 'Reactivates a suspended loyalty account.' })
export class ReactivateLoyaltyAccountInput {
  @Field(() => ID, { description: 'The LoyaltyAccount id.' })
  accountId!: string;
}

@InputType({ description: 'Credits points a customer earned.' })
export class EarnPointsInput {
  @Field(() => ID, { description: 'The LoyaltyAccount id.' })
  accountId!: string;

  @Field(() => Float, { description: AMOUNT })
  amount!: number;

  @Field({ nullable: true, description: 'What they were earned for.' })
  @IsOptional()
  @Length(1, 500)
  reason?: string;

  @Field({ description: KEY })
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'Spends points the customer holds (their oldest points first).' })
export class RedeemPointsInput extends EarnPointsInput {}

@InputType({ description: 'Corrects a balance by hand (ADMIN); above the configured size it waits for a second admin\'s approval.' })
export class AdjustPointsInput {
  @Field(() => ID, { description: 'The LoyaltyAccount id.' })
  accountId!: string;

  @Field(() => Float, { description: AMOUNT })
  amount!: number;

  @Field(() => PointsDirection, { description: 'CREDIT or DEBIT.' })
  direction!: PointsDirection;

  @Field({ description: 'Why: required.' })
  @Length(1, 500)
  reason!: string;

  @Field({ description: KEY })
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'Approves a pending adjustment (an admin other than the one who asked for it); posts it.' })
export class ApprovePointsAdjustmentInput {
  @Field(() => ID, { description: 'The PointsAdjustment id.' })
  adjustmentId!: string;

  @Field({ description: KEY })
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'Reverses an entry with a new, opposite entry (the original stays as it was).' })
export class ReversePointsEntryInput {
  @Field(() => ID, { description: 'The PointsEntry id to reverse.' })
  entryId!: string;

  @Field({ description: 'Why: required.' })
  @Length(1, 500)
  reason!: string;

  @Field({ description: KEY })
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'Settles a leaving customer\'s points by the configured exit policy (paid out or forfeited) and closes the loyalty account.' })
export class SettleLoyaltyAtExitInput {
  @Field(() => ID, { description: 'The LoyaltyAccount id.' })
  accountId!: string;

  @Field({ description: KEY })
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'An account\'s statement over a period.' })
export class LoyaltyStatementInput {
  @Field(() => ID, { description: 'The LoyaltyAccount id.' })
  accountId!: string;

  @Field(() => Date, { description: 'Start of the period (inclusive).' })
  from!: Date;

  @Field(() => Date, { description: 'End of the period (exclusive).' })
  to!: Date;
}

@ArgsType()
export class EntriesArgs extends ConnectionArgs {}

// The read model of retention offers: plain objects from SQL, shaped like these GraphQL types.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { ConnectionType, Node } from '../../graphql/relay';
import { AccountType } from '../customers/public';
import { Tier } from './loyalty-account.entity';
import { AssignmentStatus, OfferKind, OfferStatus } from './offer.entity';

registerEnumType(OfferKind, {
  name: 'RetentionOfferKind',
  description: 'RATE_DISCOUNT (basis points), FEE_WAIVER (months), BONUS_POINTS (points), CASHBACK (minor units, credited as points at the configured point value), EXCLUSIVE_PRODUCT.',
});
registerEnumType(OfferStatus, { name: 'RetentionOfferStatus', description: 'ACTIVE (may be proposed) or RETIRED.' });
registerEnumType(AssignmentStatus, {
  name: 'OfferAssignmentStatus',
  description: 'PROPOSED (waiting for the customer), ACCEPTED, DECLINED, EXPIRED (not answered in time) or WITHDRAWN (by the bank).',
});

@ObjectType('RetentionOffer', { implements: Node, description: 'An offer of the retention catalogue: what it gives, to whom, until when, and its budget.', simpleResolvers: true })
export class RetentionOfferView extends Node {
  key!: string;

  @Field(() => OfferKind, { description: 'What kind of offer it is.' })
  kind!: OfferKind;
  @Field({ description: 'Its name.' })
  name!: string;
  @Field({ description: 'Its terms and conditions.' })
  terms!: string;
  @Field(() => Float, { description: 'What it is worth, in the unit of its kind (points, minor units, basis points, months; 0 for an exclusive product).' })
  value!: number;
  @Field(() => Date, { description: 'From when it may be proposed (inclusive).' })
  validFrom!: Date;
  @Field(() => Date, { description: 'Until when it may be proposed and answered (exclusive).' })
  validUntil!: Date;
  @Field(() => Tier, { nullable: true, description: 'The lowest loyalty tier a customer must hold.' })
  minTier!: Tier | null;
  @Field(() => [AccountType], { description: 'The customer must hold an open account of one of these types (empty: none needed).' })
  productTypes!: AccountType[];
  @Field(() => Int, { nullable: true, description: 'At most this many proposals open or accepted; null: no limit.' })
  budgetCount!: number | null;
  @Field(() => Float, { nullable: true, description: 'At most this much value open or accepted; null: no limit.' })
  budgetValue!: number | null;
  @Field(() => OfferStatus, { description: 'ACTIVE or RETIRED.' })
  status!: OfferStatus;
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was retired.' })
  retiredAt!: Date | null;
  @Field(() => Int, { description: 'Optimistic-lock version: send it back to change or retire the offer.' })
  version!: number;
}

export const RetentionOfferConnection = ConnectionType(RetentionOfferView, 'RetentionOffer');

@ObjectType('OfferConsumption', { description: 'Whether an offer works: what became of its proposals, and how much of its budget they use.', simpleResolvers: true })
export class OfferConsumptionView {
  offerKey!: string;

  @Field(() => Int, { description: 'Proposals made, whatever became of them.' })
  proposed!: number;
  @Field(() => Int, { description: 'Proposals still waiting for an answer.' })
  open!: number;
  @Field(() => Int, { description: 'Accepted.' })
  accepted!: number;
  @Field(() => Int, { description: 'Declined.' })
  declined!: number;
  @Field(() => Int, { description: 'Expired without an answer.' })
  expired!: number;
  @Field(() => Int, { description: 'Withdrawn by the bank.' })
  withdrawn!: number;
  @Field(() => Float, { nullable: true, description: 'Accepted ÷ (accepted + declined + expired); null while none has an outcome.' })
  acceptanceRate!: number | null;
  @Field(() => Int, { description: 'Proposals that hold the budget: open and accepted.' })
  budgetCountUsed!: number;
  @Field(() => Float, { description: 'Value that holds the budget: of open and accepted proposals.' })
  budgetValueUsed!: number;
  @Field(() => Int, { nullable: true, description: 'Proposals the count budget still allows; null: no limit.' })
  budgetCountRemaining!: number | null;
  @Field(() => Float, { nullable: true, description: 'Value the value budget still allows; null: no limit.' })
  budgetValueRemaining!: number | null;
}

@ObjectType('OfferAssignment', { implements: Node, description: 'A catalogue offer proposed to one customer, and their answer.', simpleResolvers: true })
export class OfferAssignmentView extends Node {
  key!: string;
  offerKey!: string;
  customerKey!: string;

  @Field(() => AssignmentStatus, { description: 'PROPOSED, ACCEPTED, DECLINED, EXPIRED or WITHDRAWN.' })
  status!: AssignmentStatus;
  @Field(() => Float, { description: 'The offer\'s value when it was proposed (what it reserved of the budget).' })
  value!: number;
  @Field({ description: 'Who proposed it (staff subject or partner id).' })
  proposedBy!: string;
  @Field(() => Date, { description: 'When it was proposed.' })
  proposedAt!: Date;
  @Field(() => Date, { description: 'When it lapses unless answered.' })
  expiresAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was answered, expired or withdrawn.' })
  answeredAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Who recorded the answer (staff subject, partner id, or system for expiry).' })
  answeredBy!: string | null;
  @Field(() => String, { nullable: true, description: 'Where it was proposed or answered (the latest given).' })
  channel!: string | null;
  @Field(() => ID, { nullable: true, description: 'The OffboardingCase it was made within, to keep a customer who asked to leave.' })
  offboardingCaseId!: string | null;
  @Field({ description: 'The answer was recorded as that case\'s retention attempt (always so once answered within a case).' })
  retentionAttemptRecorded!: boolean;
}

export const OfferAssignmentConnection = ConnectionType(OfferAssignmentView, 'OfferAssignment');

@ObjectType({ description: 'The result of a change to the retention catalogue.', simpleResolvers: true })
export class RetentionOfferPayload {
  @Field(() => RetentionOfferView, { nullable: true, description: 'The offer as saved; null when there are userErrors.' })
  retentionOffer!: RetentionOfferView | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'The result of proposing, answering or withdrawing an offer.', simpleResolvers: true })
export class OfferAssignmentPayload {
  @Field(() => OfferAssignmentView, { nullable: true, description: 'The proposal as saved; null when there are userErrors.' })
  offerAssignment!: OfferAssignmentView | null;
  @Field(() => Boolean, { nullable: true, description: 'respondToOffer: true when the idempotency key had answered this offer before and nothing new happened.' })
  replayed?: boolean | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}

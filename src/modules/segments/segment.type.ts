// The read model of segments and churn analytics: plain objects from SQL, shaped like these types.
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Money } from '../../graphql/money';
import { ConnectionType, Node } from '../../graphql/relay';
import { CustomerView } from '../customers/public';
import { InitiatedBy, OffboardingReason } from '../offboarding/public';
import { SegmentKind } from './segment.entity';
import { SegmentOperator } from './segment.rule';

registerEnumType(SegmentKind, { name: 'SegmentKind', description: 'DYNAMIC: members are the customers a rule selects. STATIC: a hand-picked list.' });
registerEnumType(SegmentOperator, {
  name: 'SegmentOperator',
  description: 'How a condition compares a field with its value. A condition on a field without a value (null) is false.',
});

export enum ChurnGranularity {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(ChurnGranularity, { name: 'ChurnGranularity', description: 'The length of each period of churn analytics (UTC calendar weeks, months, quarters).' });

@ObjectType('Segment', { implements: Node, description: 'A target group of customers: a rule evaluated in SQL, or a hand-picked list.', simpleResolvers: true })
export class SegmentView extends Node {
  key!: string;
  @Field({ description: 'Unique name (case-insensitive).' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'What the segment is for.' })
  description!: string | null;
  @Field(() => SegmentKind, { description: 'DYNAMIC or STATIC.' })
  kind!: SegmentKind;
  @Field(() => String, { nullable: true, description: 'The rule of a DYNAMIC segment as JSON (all / any / not / field, op, value); null for STATIC.' })
  rule!: string | null;
  @Field({ description: 'Who created it (staff subject or partner id).' })
  owner!: string;
  @Field(() => Int, { description: 'Members at the last refresh or change, over all customers (a definition figure, not bounded to a book).' })
  memberCount!: number;
  @Field(() => Date, { nullable: true, description: 'When the membership was last computed from the rule; null for STATIC segments never refreshed.' })
  refreshedAt!: Date | null;
  @Field(() => Int, { description: 'Optimistic-lock version: pass it back to updateSegment.' })
  version!: number;
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
}

export const SegmentConnection = ConnectionType(SegmentView, 'Segment');
export const SegmentMemberConnection = ConnectionType(CustomerView, 'SegmentMember');

@ObjectType({ description: 'A field that segment rules may use, contributed by the module that owns its data.', simpleResolvers: true })
export class SegmentFieldView {
  @Field({ description: 'Stable name, "<module>.<what>".' })
  name!: string;
  @Field({ description: 'What it means.' })
  description!: string;
  @Field({ description: 'What a value counts; empty for none.' })
  unit!: string;
  @Field({ description: 'number, boolean or text.' })
  type!: string;
  @Field(() => [SegmentOperator], { description: 'Operators that fit this field.' })
  operators!: SegmentOperator[];
  @Field(() => [String], { nullable: true, description: 'For a text field with a fixed set of values: those values.' })
  values!: string[] | null;
}

@ObjectType({ description: 'What a rule would select now, without saving anything.', simpleResolvers: true })
export class SegmentPreview {
  @Field(() => Int, { nullable: true, description: 'How many customers within your reach the rule selects; null when there are userErrors.' })
  count!: number | null;
  @Field(() => [CustomerView], { description: 'The first customers selected (by name, at most 20); empty when there are userErrors.' })
  customers!: CustomerView[];
  @Field(() => [UserError], { description: 'What to fix in the rule, each at its path; empty when the rule is valid.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Members in one risk band.', simpleResolvers: true })
export class BandCount {
  @Field({ description: 'The band, as the risk module names it.' })
  band!: string;
  @Field(() => Int, { description: 'Members in it.' })
  members!: number;
}

@ObjectType({ description: 'Figures about a segment\'s members within your reach, computed in SQL.', simpleResolvers: true })
export class SegmentStats {
  @Field(() => Int, { description: 'Current members within your reach.' })
  size!: number;
  @Field(() => Money, { description: 'Their total deposits, in the reporting currency.' })
  totalDeposits!: Money;
  @Field(() => Float, { nullable: true, description: 'Their average risk score, over the members whose scores you may read; null where no module offers one or you may not read it.' })
  averageRiskScore!: number | null;
  @Field(() => [BandCount], { nullable: true, description: 'Members per risk band, of the members whose bands you may read; null where no module offers bands or you may not read them.' })
  membersByRiskBand!: BandCount[] | null;
  @Field(() => Float, { nullable: true, description: 'Their average last NPS, over the members whose answers you may read; null where no module offers it, you may not read it, or none answered.' })
  averageNps!: number | null;
  @Field(() => Int, { description: 'Members at the period\'s start (within your reach) whose full exit closed within the period.' })
  exits!: number;
  @Field(() => Int, { description: 'Members at the period\'s start, within your reach.' })
  membersAtStart!: number;
  @Field(() => Float, { nullable: true, description: 'exits / membersAtStart; null without members at the start.' })
  churnRate!: number | null;
}

@ObjectType({ description: 'The size of a segment at one instant, from its membership history.', simpleResolvers: true })
export class SegmentSizePoint {
  @Field(() => Date, { description: 'The instant.' })
  at!: Date;
  @Field(() => Int, { description: 'Members then (over all customers).' })
  members!: number;
}

@ObjectType({ description: 'Churn figures of one period.', simpleResolvers: true })
export class ChurnPeriod {
  @Field(() => Date, { description: 'Start of the period (inclusive).' })
  start!: Date;
  @Field(() => Date, { description: 'End of the period (exclusive).' })
  end!: Date;
  @Field(() => Int, { description: 'Customers of the population at the period\'s start.' })
  customersAtStart!: number;
  @Field(() => Int, { description: 'Full exits of those customers that closed in the period.' })
  exits!: number;
  @Field(() => Float, { nullable: true, description: 'exits / customersAtStart; null without customers at the start.' })
  churnRate!: number | null;
  @Field(() => Int, { description: 'Exit cases of the population whose first retention attempt fell in the period.' })
  retentionAttempts!: number;
  @Field(() => Int, { description: 'Exit cases of the population that ended with the customer retained in the period.' })
  retained!: number;
  @Field(() => Int, { description: 'Customers of the population approached for a win-back in the period.' })
  winBackApproached!: number;
  @Field(() => Int, { description: 'Customers of the population won back in the period.' })
  winBacks!: number;
  @Field(() => Float, { nullable: true, description: 'winBacks / winBackApproached; null without approaches.' })
  winBackRate!: number | null;
  @Field(() => Money, { description: 'Balances moved out at the settlement of the exits that closed in the period, in the reporting currency.' })
  depositsLost!: Money;
}

@ObjectType({ description: 'Exits with one initiator and reason.', simpleResolvers: true })
export class ExitsByReason {
  @Field(() => InitiatedBy, { description: 'CUSTOMER or BANK.' })
  initiatedBy!: InitiatedBy;
  @Field(() => OffboardingReason, { nullable: true, description: 'The reason; null for bank-initiated exits when you may not see their reasons (no tipping-off).' })
  reason!: OffboardingReason | null;
  @Field(() => Int, { description: 'Exits that closed in the whole range.' })
  exits!: number;
}

@ObjectType({ description: 'Churn over a date range: per period, and by reason over the whole range.', simpleResolvers: true })
export class ChurnAnalytics {
  @Field(() => [ChurnPeriod], { description: 'One entry per period, oldest first.' })
  periods!: ChurnPeriod[];
  @Field(() => [ExitsByReason], { description: 'Exits of the whole range by initiator and reason, most first.' })
  byReason!: ExitsByReason[];
}

@ObjectType({ description: 'Customers who joined in one calendar quarter, and how many are still with the bank.', simpleResolvers: true })
export class CohortRetention {
  @Field({ description: 'The quarter joined, e.g. "2024-Q3".' })
  quarter!: string;
  @Field(() => Int, { description: 'Customers of the population who joined in it.' })
  joined!: number;
  @Field(() => Int, { description: 'Of them, customers at the date asked (not exited, or won back since).' })
  retained!: number;
  @Field(() => Float, { description: 'retained / joined.' })
  retentionRate!: number;
}

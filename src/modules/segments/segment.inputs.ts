import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { SegmentOperator } from './segment.rule';
import { ChurnGranularity } from './segment.type';

/** The largest list of customers one addSegmentMembers / removeSegmentMembers takes. */
export const MAX_MEMBER_IDS = 1000;

@InputType({ description: 'The value of a condition: exactly one of these, matching the field\'s type; none for IS_NULL and IS_NOT_NULL.' })
export class SegmentValueInput {
  @Field(() => Float, { nullable: true, description: 'For a number field with EQ, NEQ, GT, GTE, LT, LTE.' })
  number?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'For a boolean field with EQ, NEQ.' })
  boolean?: boolean | null;
  @Field(() => String, { nullable: true, description: 'For a text field with EQ, NEQ.' })
  text?: string | null;
  @Field(() => [Float], { nullable: true, description: 'For a number field with IN, NOT_IN, or BETWEEN (two numbers, lower first).' })
  numbers?: number[] | null;
  @Field(() => [String], { nullable: true, description: 'For a text field with IN, NOT_IN.' })
  texts?: string[] | null;
}

@InputType({ description: 'One comparison of a rule field with a value.' })
export class SegmentConditionInput {
  @Field({ description: 'A rule field (see segmentFields), e.g. "customers.tenureMonths".' })
  field!: string;
  @Field(() => SegmentOperator, { description: 'How to compare; it must fit the field\'s type.' })
  operator!: SegmentOperator;
  @Field(() => SegmentValueInput, { nullable: true, description: 'The value to compare with.' })
  value?: SegmentValueInput | null;
}

@InputType({ description: 'A segment rule: exactly one of all, any, not or condition.' })
export class SegmentRuleInput {
  @Field(() => [SegmentRuleInput], { nullable: true, description: 'Every one of these rules holds.' })
  all?: SegmentRuleInput[] | null;
  @Field(() => [SegmentRuleInput], { nullable: true, description: 'At least one of these rules holds.' })
  any?: SegmentRuleInput[] | null;
  @Field(() => SegmentRuleInput, { nullable: true, description: 'This rule does not hold.' })
  not?: SegmentRuleInput | null;
  @Field(() => SegmentConditionInput, { nullable: true, description: 'A single condition.' })
  condition?: SegmentConditionInput | null;
}

@InputType({ description: 'A new segment: with a rule it is DYNAMIC (computed now and nightly), without one STATIC (members added by hand).' })
export class CreateSegmentInput {
  @Field({ description: 'Unique name (case-insensitive).' })
  @Length(1, 120)
  name!: string;
  @Field({ nullable: true, description: 'What it is for.' })
  @IsOptional()
  @Length(1, 2000)
  description?: string;
  @Field(() => SegmentRuleInput, { nullable: true, description: 'The rule of a DYNAMIC segment; omit for a STATIC one.' })
  rule?: SegmentRuleInput | null;
}

@InputType({ description: 'Changes to a segment; given fields change. A new rule recomputes the membership.' })
export class UpdateSegmentInput {
  @Field(() => ID, { description: 'The Segment.' })
  id!: string;
  @Field(() => Int, { description: 'The version read (optimistic locking).' })
  version!: number;
  @Field({ nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 120)
  name?: string;
  @Field({ nullable: true, description: 'New description.' })
  @IsOptional()
  @Length(1, 2000)
  description?: string;
  @Field(() => SegmentRuleInput, { nullable: true, description: 'New rule (DYNAMIC segments only).' })
  rule?: SegmentRuleInput | null;
}

@InputType({ description: 'Which segment to recompute from its rule.' })
export class RefreshSegmentInput {
  @Field(() => ID, { description: 'The Segment (DYNAMIC).' })
  id!: string;
}

@InputType({ description: 'Customers to add to or remove from a STATIC segment: all or nothing; repeating one changes nothing.' })
export class SegmentMembersInput {
  @Field(() => ID, { description: 'The Segment (STATIC).' })
  segmentId!: string;
  @Field(() => [ID], { description: `Customer ids, at most ${MAX_MEMBER_IDS}.` })
  @ArrayMaxSize(MAX_MEMBER_IDS, { message: `customerIds takes at most ${MAX_MEMBER_IDS} ids` })
  customerIds!: string[];
}

@ArgsType()
export class SegmentMembersArgs extends ConnectionArgs {}

@ArgsType()
export class SegmentsArgs extends ConnectionArgs {}

@ArgsType()
export class ChurnAnalyticsArgs {
  @Field(() => Date, { description: 'Start of the range (inclusive); the first period starts here and each lasts one granularity, the last cut at `to`.' })
  from!: Date;
  @Field(() => Date, { description: 'End of the range (exclusive).' })
  to!: Date;
  @Field(() => ChurnGranularity, { description: 'The length of each period.' })
  granularity!: ChurnGranularity;
  @Field(() => ID, { nullable: true, description: 'Only the members of this Segment (at each period\'s start).' })
  segmentId?: string | null;
}

@ArgsType()
export class CohortRetentionArgs {
  @Field(() => Date, { description: 'Joined at or after this time.' })
  joinedFrom!: Date;
  @Field(() => Date, { description: 'Joined before this time.' })
  joinedTo!: Date;
  @Field(() => Date, { nullable: true, description: 'Retention as of this time (default: now).' })
  asOf?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Only the current members of this Segment.' })
  segmentId?: string | null;
}

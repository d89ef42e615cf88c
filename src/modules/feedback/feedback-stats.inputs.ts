import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { FeedbackChannel, FeedbackKind, FeedbackSeverity } from './feedback.entity';

/** The longest time range one feedbackStats call covers, in days. */
export const MAX_STATS_RANGE_DAYS = 731;
/** Without a range: the last year. */
export const DEFAULT_STATS_RANGE_DAYS = 365;
/** The most groups one call returns (more: `truncated`). */
export const MAX_STATS_GROUPS = 1000;
export const MAX_GROUP_BY = 3;

export enum FeedbackStatsGroup {
  CHANNEL = 'CHANNEL',
  TOPIC = 'TOPIC',
  KIND = 'KIND',
  MONTH = 'MONTH',
  RELATIONSHIP_MANAGER = 'RELATIONSHIP_MANAGER',
  REGION = 'REGION',
}
registerEnumType(FeedbackStatsGroup, {
  name: 'FeedbackStatsGroup',
  description: 'What to group feedback statistics by. TOPIC counts a piece of feedback once in each of its topics (feedback without a topic: topic null). MONTH is the calendar month in the bank\'s time zone. RELATIONSHIP_MANAGER and REGION are the customer\'s.',
});

@InputType({ description: 'Which feedback the statistics cover; all given conditions must hold.' })
export class FeedbackStatsFilter {
  @Field(() => Date, { nullable: true, description: `Received at or after (default: ${DEFAULT_STATS_RANGE_DAYS} days before \`to\`); the range is at most ${MAX_STATS_RANGE_DAYS} days.` })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Received before (default: now).' })
  to?: Date;

  @Field(() => [FeedbackKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(20)
  kind_in?: FeedbackKind[];

  @Field(() => [FeedbackChannel], { nullable: true, description: 'Any of these channels.' })
  @IsOptional()
  @ArrayMaxSize(20)
  channel_in?: FeedbackChannel[];

  @Field(() => [FeedbackSeverity], { nullable: true, description: 'Any of these severities.' })
  @IsOptional()
  @ArrayMaxSize(20)
  severity_in?: FeedbackSeverity[];

  @Field({ nullable: true, description: 'Only feedback about this topic (a topic code).' })
  @IsOptional()
  @Length(1, 100)
  topic?: string;
}

/** complaintSurges' defaults and bounds. */
export const SURGE_DEFAULTS = { windowHours: 24, baselineDays: 28, threshold: 2, minCount: 5 };
export const SURGE_BOUNDS = { windowHours: [1, 720], baselineDays: [1, 365], threshold: [1, 1000], minCount: [1, 100_000] } as const;

@InputType({ description: 'How complaint surges are found: each topic\'s complaints in the last window against its rate over the baseline period before it.' })
export class ComplaintSurgeInput {
  @Field(() => Int, { defaultValue: SURGE_DEFAULTS.windowHours, description: `The recent window, in hours (${SURGE_BOUNDS.windowHours[0]}..${SURGE_BOUNDS.windowHours[1]}, default ${SURGE_DEFAULTS.windowHours}).` })
  @Min(SURGE_BOUNDS.windowHours[0])
  @Max(SURGE_BOUNDS.windowHours[1])
  windowHours!: number;

  @Field(() => Int, { defaultValue: SURGE_DEFAULTS.baselineDays, description: `The baseline period right before the window, in days (${SURGE_BOUNDS.baselineDays[0]}..${SURGE_BOUNDS.baselineDays[1]}, default ${SURGE_DEFAULTS.baselineDays}).` })
  @Min(SURGE_BOUNDS.baselineDays[0])
  @Max(SURGE_BOUNDS.baselineDays[1])
  baselineDays!: number;

  @Field(() => Float, { defaultValue: SURGE_DEFAULTS.threshold, description: `A topic surges when its recent count is at least this many times its baseline rate per window (default ${SURGE_DEFAULTS.threshold}).` })
  @Min(SURGE_BOUNDS.threshold[0])
  @Max(SURGE_BOUNDS.threshold[1])
  threshold!: number;

  @Field(() => Int, { defaultValue: SURGE_DEFAULTS.minCount, description: `...and at least this many complaints in the window (default ${SURGE_DEFAULTS.minCount}).` })
  @Min(SURGE_BOUNDS.minCount[0])
  @Max(SURGE_BOUNDS.minCount[1])
  minCount!: number;
}

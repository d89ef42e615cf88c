// The read model of feedback analytics: numbers only, never the customers' words.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { FeedbackChannel, FeedbackKind } from './feedback.entity';
import { FeedbackStatsGroup } from './feedback-stats.inputs';

@ObjectType('FeedbackStatsRow', { description: 'Statistics of one group of feedback; only the keys grouped by are set.', simpleResolvers: true })
export class FeedbackStatsRowView {
  @Field(() => FeedbackChannel, { nullable: true, description: 'The channel (grouping by CHANNEL).' })
  channel!: FeedbackChannel | null;
  @Field(() => String, { nullable: true, description: 'The topic code (grouping by TOPIC; null: feedback without a topic).' })
  topic!: string | null;
  @Field(() => FeedbackKind, { nullable: true, description: 'The kind (grouping by KIND).' })
  kind!: FeedbackKind | null;
  @Field(() => String, { nullable: true, description: 'The month, YYYY-MM in the bank\'s time zone (grouping by MONTH).' })
  month!: string | null;
  @Field(() => ID, { nullable: true, description: 'The customers\' relationship manager, a StaffMember id (grouping by RELATIONSHIP_MANAGER; null: none).' })
  relationshipManagerId!: string | null;
  @Field(() => String, { nullable: true, description: 'The customers\' region (grouping by REGION; null: none).' })
  region!: string | null;
  @Field(() => Int, { description: 'Pieces of feedback in the group.' })
  count!: number;
  @Field(() => Int, { description: 'Of them, with an NPS answer.' })
  npsResponses!: number;
  @Field(() => Float, { nullable: true, description: 'Net Promoter Score: % promoters (9–10) − % detractors (0–6) of the NPS answers, -100..100; null without answers.' })
  nps!: number | null;
  @Field(() => Int, { description: 'Of them, with a CSAT answer.' })
  csatResponses!: number;
  @Field(() => Float, { nullable: true, description: 'Average CSAT answer, 1..5; null without answers.' })
  averageCsat!: number | null;
  @Field(() => Int, { description: 'Complaints in the group.' })
  complaints!: number;
  @Field(() => Float, { nullable: true, description: 'Median hours from receiving a complaint to acknowledging it (acknowledged complaints).' })
  medianHoursToAcknowledge!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile of the hours to acknowledge a complaint.' })
  p90HoursToAcknowledge!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median hours from receiving a complaint to resolving it (resolved complaints).' })
  medianHoursToResolve!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile of the hours to resolve a complaint.' })
  p90HoursToResolve!: number | null;
  @Field(() => Int, { description: 'Complaints marked overdue.' })
  overdue!: number;
  @Field(() => Float, { nullable: true, description: 'Of the complaints that are resolved or whose resolution deadline has passed, the share (0..1) resolved by the deadline; null when none.' })
  resolvedWithinDeadlineShare!: number | null;
}

@ObjectType('FeedbackStats', { description: 'Feedback statistics over a time range, one row per group.', simpleResolvers: true })
export class FeedbackStatsView {
  @Field(() => Date, { description: 'Feedback received at or after this time is counted.' })
  from!: Date;
  @Field(() => Date, { description: '...and before this time.' })
  to!: Date;
  @Field(() => [FeedbackStatsGroup], { description: 'What the rows are grouped by.' })
  groupBy!: FeedbackStatsGroup[];
  @Field(() => [FeedbackStatsRowView], { description: 'One row per group, ordered by the keys.' })
  rows!: FeedbackStatsRowView[];
  @Field({ description: 'More groups exist than the rows returned (at most 1,000); group more coarsely.' })
  truncated!: boolean;
}

@ObjectType('ComplaintSurge', { description: 'A topic\'s complaints in the recent window against its baseline.', simpleResolvers: true })
export class ComplaintSurgeView {
  @Field({ description: 'The topic code.' })
  topic!: string;
  @Field(() => Int, { description: 'Complaints about it in the recent window.' })
  recentCount!: number;
  @Field(() => Int, { description: 'Complaints about it in the baseline period.' })
  baselineCount!: number;
  @Field(() => Float, { description: 'Its baseline rate: complaints per window length over the baseline period.' })
  baselineRate!: number;
  @Field(() => Float, { nullable: true, description: 'recentCount / baselineRate; null when the baseline had none.' })
  ratio!: number | null;
  @Field({ description: 'It surges: at least the minimum count, and a ratio at or above the threshold (or no baseline at all).' })
  flagged!: boolean;
}

@ObjectType('ComplaintSurges', { description: 'Complaint surges by topic, flagged first.', simpleResolvers: true })
export class ComplaintSurgesView {
  @Field(() => Date, { description: 'The recent window starts here and ends now.' })
  windowStart!: Date;
  @Field(() => Date, { description: 'The baseline period starts here and ends where the window starts.' })
  baselineStart!: Date;
  @Field(() => [ComplaintSurgeView], { description: 'Topics with complaints in the window or the baseline (at most 200), flagged first, then by ratio.' })
  topics!: ComplaintSurgeView[];
}

import { ArrayMaxSize, IsIn, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { OrderDirection } from '../customers/public';
import {
  FeedbackChannel, FeedbackKind, FeedbackSeverity, FeedbackStatus, ResolutionOutcome,
} from './feedback.entity';

/** The most items one import takes (as customer ingestion). */
export const MAX_IMPORT_ITEMS = 1000;
/** A hard ceiling on any text before the configured length is checked. */
const TEXT_CEILING = 100_000;

export enum FeedbackOrderField {
  RECEIVED_AT = 'RECEIVED_AT',
  RESOLVE_BY = 'RESOLVE_BY',
  SEVERITY = 'SEVERITY',
}
registerEnumType(FeedbackOrderField, {
  name: 'FeedbackOrderField',
  description: 'RECEIVED_AT: when given. RESOLVE_BY: a complaint\'s resolution deadline (lists complaints only). SEVERITY: then newest first within a severity level in the direction asked.',
});

@InputType({ description: 'How to order a list of feedback.' })
export class FeedbackOrder {
  @Field(() => FeedbackOrderField, { defaultValue: FeedbackOrderField.RECEIVED_AT, description: 'What to order by.' })
  field!: FeedbackOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'ASC or DESC (default DESC, newest first).' })
  direction!: OrderDirection;
}

@InputType({ description: 'Narrows a list of feedback; all given conditions must hold.' })
export class FeedbackFilter {
  @Field(() => [FeedbackKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(20)
  kind_in?: FeedbackKind[];

  @Field(() => [FeedbackStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(20)
  status_in?: FeedbackStatus[];

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

  @Field(() => ID, { nullable: true, description: 'Only this Customer\'s feedback.' })
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only feedback assigned to this StaffMember.' })
  assigneeId?: string;

  @Field({ nullable: true, description: 'true: only complaints marked overdue; false: only those that are not.' })
  overdue?: boolean;

  @Field(() => Date, { nullable: true, description: 'Only feedback received at or after this time.' })
  receivedAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Only feedback received before this time.' })
  receivedBefore?: Date;
}

@ArgsType()
export class FeedbackListArgs extends ConnectionArgs {
  @Field(() => FeedbackFilter, { nullable: true, description: 'Conditions.' })
  filter?: FeedbackFilter;

  @Field(() => FeedbackOrder, { nullable: true, description: 'Ordering (default: newest first).' })
  orderBy?: FeedbackOrder;
}

@ArgsType()
export class CustomerFeedbackArgs extends ConnectionArgs {}

/** What a customer said, however it arrived (the shared part of recording and importing). */
@InputType({ description: 'What the customer said.' })
abstract class FeedbackContentInput {
  @Field(() => Int, { nullable: true, description: 'Net Promoter Score answer, 0..10.' })
  @IsOptional()
  @Min(0, { message: 'nps must be between 0 and 10' })
  @Max(10, { message: 'nps must be between 0 and 10' })
  nps?: number;

  @Field(() => Int, { nullable: true, description: 'Customer satisfaction answer, 1..5.' })
  @IsOptional()
  @Min(1, { message: 'csat must be between 1 and 5' })
  @Max(5, { message: 'csat must be between 1 and 5' })
  csat?: number;

  @Field({ nullable: true, description: 'The customer\'s words (at most the configured length, FEEDBACK_TEXT_MAX_LENGTH).' })
  @IsOptional()
  @MaxLength(TEXT_CEILING)
  text?: string;

  @Field({ nullable: true, description: 'Language of the text, "en" or "zh"; detected when left out.' })
  @IsOptional()
  @IsIn(['en', 'zh'], { message: 'language must be "en" or "zh"' })
  language?: 'en' | 'zh';

  @Field(() => Date, { nullable: true, description: 'When the customer gave it (default: now); never in the future.' })
  receivedAt?: Date;
}

@InputType({ description: 'Records one piece of feedback from a customer.' })
export class RecordFeedbackInput extends FeedbackContentInput {
  @Field(() => ID, { description: 'The Customer who gave it.' })
  customerId!: string;

  @Field(() => FeedbackKind, { description: 'What it is. A COMPLAINT gets deadlines; an EXIT_INTERVIEW attaches to the customer\'s open offboarding case.' })
  kind!: FeedbackKind;

  @Field(() => FeedbackChannel, { description: 'Where it was given.' })
  channel!: FeedbackChannel;

  @Field(() => FeedbackSeverity, { defaultValue: FeedbackSeverity.MEDIUM, description: 'How serious it is (default MEDIUM); sets a complaint\'s deadlines.' })
  severity!: FeedbackSeverity;

  @Field({ nullable: true, description: 'The sender\'s own id, unique per channel: recording it again is refused.' })
  @IsOptional()
  @Length(1, 200)
  externalId?: string;
}

@InputType({ description: 'One survey response to import.' })
export class SurveyResponseInput extends FeedbackContentInput {
  @Field({ description: 'The survey tool\'s id of the response: a response sent again with the same id is not recorded twice.' })
  @Length(1, 200)
  externalId!: string;

  @Field({ description: 'The customer\'s external reference (as core banking sends it).' })
  @Length(1, 100)
  customerExternalRef!: string;

  @Field(() => FeedbackChannel, { defaultValue: FeedbackChannel.SURVEY, description: 'Where it was given (default SURVEY).' })
  channel!: FeedbackChannel;

  @Field(() => FeedbackKind, { defaultValue: FeedbackKind.SATISFACTION_SURVEY, description: 'What it is (default SATISFACTION_SURVEY).' })
  kind!: FeedbackKind;

  @Field(() => FeedbackSeverity, { defaultValue: FeedbackSeverity.LOW, description: 'How serious it is (default LOW).' })
  severity!: FeedbackSeverity;
}

@InputType({ description: `Survey responses, at most ${MAX_IMPORT_ITEMS}; all are recorded or none.` })
export class ImportSurveyResponsesInput {
  @Field(() => [SurveyResponseInput], { description: 'The responses.' })
  @ValidateNested({ each: true })
  items!: SurveyResponseInput[];
}

/** A piece of feedback as the caller read it. */
@InputType({ description: 'Feedback as the caller read it.' })
abstract class FeedbackRefInput {
  @Field(() => ID, { description: 'The Feedback.' })
  feedbackId!: string;

  @Field(() => Int, { description: 'The version you read; a stale version is a CONFLICT.' })
  @Min(1)
  expectedVersion!: number;

  @Field({ nullable: true, description: 'A note for the history.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}

@InputType({ description: 'Moves feedback one step; the version you read guards against overlapping changes.' })
export class FeedbackStepInput extends FeedbackRefInput {}

@InputType({ description: 'Gives feedback to a member of staff to handle.' })
export class AssignFeedbackInput extends FeedbackRefInput {
  @Field(() => ID, { nullable: true, description: 'The StaffMember; null takes it off anyone.' })
  assigneeId?: string | null;
}

@InputType({ description: 'Resolves feedback: what was done and how it was decided.' })
export class ResolveFeedbackInput extends FeedbackRefInput {
  @Field({ description: 'What was done about it, in words the customer was told.' })
  @Length(1, 4000)
  resolution!: string;

  @Field(() => ResolutionOutcome, { description: 'How the complaint was decided.' })
  outcome!: ResolutionOutcome;
}

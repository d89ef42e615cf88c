// The read model of feedback: plain objects from SQL, shaped like these GraphQL types.
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { ConnectionType, Node } from '../../graphql/relay';
import {
  FeedbackChannel, FeedbackKind, FeedbackSeverity, FeedbackStatus, ResolutionOutcome, SentimentLabel,
} from './feedback.entity';

registerEnumType(FeedbackChannel, { name: 'FeedbackChannel', description: 'Where the customer gave the feedback.' });
registerEnumType(FeedbackKind, { name: 'FeedbackKind', description: 'What the feedback is: a survey answer, a complaint, a suggestion, a compliment, a support request or an exit interview.' });
registerEnumType(FeedbackStatus, { name: 'FeedbackStatus', description: 'Where the feedback is in its handling (complaints move through all of them).' });
registerEnumType(FeedbackSeverity, { name: 'FeedbackSeverity', description: 'How serious it is; a complaint\'s deadlines follow from it.' });
registerEnumType(SentimentLabel, { name: 'SentimentLabel', description: 'The tone of the text, as the text analysis read it.' });
registerEnumType(ResolutionOutcome, { name: 'ResolutionOutcome', description: 'How a complaint was decided.' });

@ObjectType('Feedback', { implements: Node, description: 'Something a customer told the bank: a survey answer, a complaint, a suggestion, a compliment, a support request or an exit interview.', simpleResolvers: true })
export class FeedbackView extends Node {
  key!: string;
  customerKey!: string;
  assigneeKey!: string | null;
  offboardingCaseKey!: string | null;
  /** The text as stored; reached through the guarded `text` field resolver only. */
  rawText!: string | null;

  @Field(() => FeedbackKind, { description: 'What the feedback is.' })
  kind!: FeedbackKind;
  @Field(() => FeedbackChannel, { description: 'Where it was given.' })
  channel!: FeedbackChannel;
  @Field(() => String, { nullable: true, description: 'The sender\'s own id of an imported response.' })
  externalId!: string | null;
  @Field(() => Int, { nullable: true, description: 'Net Promoter Score answer, 0..10.' })
  nps!: number | null;
  @Field(() => Int, { nullable: true, description: 'Customer satisfaction answer, 1..5.' })
  csat!: number | null;
  @Field(() => String, { nullable: true, description: 'Language of the text (en or zh), given or detected.' })
  language!: string | null;
  @Field(() => Float, { nullable: true, description: 'Sentiment of the text, -1 (negative) .. 1 (positive).' })
  sentimentScore!: number | null;
  @Field(() => SentimentLabel, { nullable: true, description: 'Sentiment of the text as a label.' })
  sentimentLabel!: SentimentLabel | null;
  @Field(() => [String], { description: 'Topic codes found in the text (the list is configurable).' })
  topics!: string[];
  @Field(() => FeedbackStatus, { description: 'Where it is in its handling.' })
  status!: FeedbackStatus;
  @Field(() => FeedbackSeverity, { description: 'How serious it is.' })
  severity!: FeedbackSeverity;
  @Field(() => Date, { description: 'When the customer gave it.' })
  receivedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'A complaint must be acknowledged by then (business days in the bank\'s time zone); null for other kinds.' })
  acknowledgeBy!: Date | null;
  @Field(() => Date, { nullable: true, description: 'A complaint must be resolved by then; null for other kinds.' })
  resolveBy!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was acknowledged.' })
  acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was (last) resolved.' })
  resolvedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it closed.' })
  closedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the overdue job found a missed deadline.' })
  overdueAt!: Date | null;
  @Field({ description: 'The overdue job found a deadline of this complaint passed while it was still open (it stays marked once found).' })
  overdue!: boolean;
  @Field(() => Int, { description: 'How many times it has been escalated.' })
  escalationLevel!: number;
  @Field(() => Date, { nullable: true, description: 'When it was last escalated.' })
  escalatedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'What was done about it; null until resolved or when erased.' })
  resolution!: string | null;
  @Field(() => ResolutionOutcome, { nullable: true, description: 'How the complaint was decided.' })
  resolutionOutcome!: ResolutionOutcome | null;
  @Field({ description: 'The text was erased when the customer was anonymised.' })
  textErased!: boolean;
  @Field(() => Int, { description: 'Optimistic-lock version; pass it back with each handling step.' })
  version!: number;
  @Field(() => Date, { description: 'When it was recorded.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When it last changed.' })
  updatedAt!: Date;
}

export const FeedbackConnection = ConnectionType(FeedbackView, 'Feedback');

@ObjectType('FeedbackTransition', { description: 'One step in the handling of a piece of feedback.', simpleResolvers: true })
export class FeedbackTransitionView {
  @Field({ description: 'The operation that made the step, e.g. acknowledgeFeedback, or markOverdue for the overdue job.' })
  transition!: string;
  @Field(() => FeedbackStatus, { nullable: true, description: 'Status before; null when it was recorded.' })
  from!: FeedbackStatus | null;
  @Field(() => FeedbackStatus, { description: 'Status after.' })
  to!: FeedbackStatus;
  @Field({ description: 'Who: staff subject, partner id or "system".' })
  actor!: string;
  @Field({ description: '"staff", "partner" or "system".' })
  actorKind!: string;
  @Field(() => Date, { description: 'When.' })
  at!: Date;
  @Field(() => String, { nullable: true, description: 'Why, in the actor\'s words; null when none or erased.' })
  note!: string | null;
}

@ObjectType('FeedbackPayload', { description: 'The feedback a mutation changed, or why nothing changed.', simpleResolvers: true })
export class FeedbackPayload {
  @Field(() => FeedbackView, { nullable: true, description: 'The feedback after the change; null when userErrors say why nothing changed.' })
  feedback!: FeedbackView | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('ImportSurveyResponsesPayload', { description: 'Result of importSurveyResponses: all new responses recorded, or none (then userErrors say why).', simpleResolvers: true })
export class ImportSurveyResponsesPayload {
  @Field(() => Int, { description: 'Responses recorded now.' })
  recorded!: number;
  @Field(() => Int, { description: 'Responses recorded before (same channel and external id): left as they were.' })
  unchanged!: number;
  @Field(() => [UserError], { description: 'What to fix, each with the item\'s path (["input", "items", "3", "nps"]); when any, nothing was written.' })
  userErrors!: UserError[];
}

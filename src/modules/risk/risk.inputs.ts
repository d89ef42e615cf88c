// Inputs of risk's mutations. Checks that need no database are here; the service adds the rest.
import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { RiskBand } from './risk.model-spec';
import { CustomerExitReason, ExitInitiator } from './risk-exit.entity';

export const MAX_EXIT_ITEMS = 1000;

@InputType({ description: 'An exit from before Keel.' })
export class ExitHistoryItemInput {
  @Field({ description: 'The core banking system\'s customer reference.' })
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'customerExternalRef may contain letters, digits, ".", "_" and "-" only' })
  customerExternalRef!: string;

  @Field({ description: 'When the customer left (ISO 8601).' })
  @IsISO8601({ strict: true }, { message: 'exitedAt must be an ISO 8601 time' })
  exitedAt!: string;

  @Field(() => ExitInitiator, { description: 'Who decided: CUSTOMER (a churn label) or BANK (never a label).' })
  initiator!: ExitInitiator;

  @Field(() => CustomerExitReason, {
    nullable: true,
    description: 'Why the customer left; only for CUSTOMER exits. A bank exit\'s reason is never taken (no tipping-off).',
  })
  reason?: CustomerExitReason | null;
}

@InputType({ description: 'Up to 1,000 exits from before Keel; all or nothing, and a re-sent item changes nothing.' })
export class ImportExitHistoryInput {
  @Field(() => [ExitHistoryItemInput], { description: 'The exits.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EXIT_ITEMS)
  @ValidateNested({ each: true })
  items!: ExitHistoryItemInput[];
}

@InputType({ description: 'What to train a churn model on.' })
export class TrainRiskModelInput {
  @Field(() => [String], { description: 'Two to twelve snapshot dates (YYYY-MM-DD); the last is the time-based holdout.' })
  @ArrayMinSize(2)
  @ArrayMaxSize(12)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'each snapshot date must be YYYY-MM-DD' })
  snapshotDates!: string[];

  @Field(() => Int, { description: 'The label: a customer-initiated exit within this many months of the snapshot (1..24).' })
  @Min(1)
  @Max(24)
  horizonMonths!: number;

  @Field(() => Float, { description: 'L2 regularisation strength (0..10,000) on the standardised coefficients.' })
  @Min(0)
  @Max(10000)
  regularisation!: number;

  @Field(() => [String], { nullable: true, description: 'Feature names (customer attributes); all numeric attributes when left out.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  features?: string[] | null;
}

@InputType({ description: 'Makes a trained model the one that scores customers.' })
export class ActivateRiskModelInput {
  @Field(() => ID, { description: 'The model (a DRAFT) to activate.' })
  modelId!: string;
}

@InputType({ description: 'A score from the bank\'s own data-science platform.' })
export class ExternalRiskScoreItemInput {
  @Field({ description: 'The core banking system\'s customer reference.' })
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'customerExternalRef may contain letters, digits, ".", "_" and "-" only' })
  customerExternalRef!: string;

  @Field(() => Float, { description: 'Probability of leaving, 0..1.' })
  @Min(0)
  @Max(1)
  score!: number;

  @Field({ description: 'When the platform computed it (ISO 8601).' })
  @IsISO8601({ strict: true }, { message: 'computedAt must be an ISO 8601 time' })
  computedAt!: string;
}

@InputType({ description: 'Up to 1,000 scores from one external platform; all or nothing. They join the history, never replace the current score.' })
export class RecordExternalRiskScoresInput {
  @Field({ description: 'The platform\'s name, shown as the scores\' source (not MODEL).' })
  @Length(1, 60)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, { message: 'source may contain letters, digits, spaces, ".", "_" and "-" only' })
  source!: string;

  @Field(() => [ExternalRiskScoreItemInput], { description: 'The scores.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EXIT_ITEMS)
  @ValidateNested({ each: true })
  items!: ExternalRiskScoreItemInput[];
}

@InputType({ description: 'Narrows the list of risk alerts; all given conditions must hold.' })
export class RiskAlertFilter {
  @Field(() => Boolean, { nullable: true, description: 'true: acknowledged only; false: open only.' })
  acknowledged?: boolean | null;

  @Field(() => [RiskBand], { nullable: true, description: 'Only alerts that rose to one of these bands.' })
  @IsOptional()
  @ArrayMaxSize(4)
  toBand_in?: RiskBand[] | null;
}

@ArgsType()
export class RiskAlertsArgs extends ConnectionArgs {
  @Field(() => RiskAlertFilter, { nullable: true, description: 'Conditions; newest alert first.' })
  filter?: RiskAlertFilter | null;
}

@InputType({ description: 'Acknowledges a risk alert: someone is acting on it.' })
export class AcknowledgeRiskAlertInput {
  @Field(() => ID, { description: 'The alert.' })
  alertId!: string;
}

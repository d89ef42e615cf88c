// The read model of churn risk: plain objects from SQL, shaped like these GraphQL types.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/relay';
import { UserError } from '../../graphql/errors';
import { CustomerExitReason, ExitInitiator } from './risk-exit.entity';
import { RiskModelKind, RiskModelStatus } from './risk-model.entity';
import { RiskBand } from './risk.model-spec';

registerEnumType(RiskBand, { name: 'RiskBand', description: 'How likely the customer is to leave, by the model\'s band thresholds.' });
registerEnumType(RiskModelStatus, {
  name: 'RiskModelStatus',
  description: 'DRAFT: trained, waiting for activation; TRAINING: being fitted; ACTIVE: scores customers; RETIRED: replaced; FAILED: training failed.',
});
registerEnumType(ExitInitiator, { name: 'ExitInitiator', description: 'Who decided that the customer leaves: CUSTOMER or BANK.' });
registerEnumType(CustomerExitReason, { name: 'CustomerExitReason', description: 'Why a customer chose to leave.' });
registerEnumType(RiskModelKind, { name: 'RiskModelKind', description: 'LOGISTIC: logistic regression on standardised features.' });

@ObjectType('RiskFactor', { description: 'One feature\'s part in a score: its value and its signed contribution to the logit.', simpleResolvers: true })
export class RiskFactorView {
  @Field({ description: 'The feature (a customer attribute\'s name, e.g. customers.transactionsVsBaseline).' })
  feature!: string;
  @Field(() => Float, { nullable: true, description: 'The feature\'s value at scoring; null when unknown (then it contributes nothing).' })
  value!: number | null;
  @Field(() => Float, { description: 'Signed contribution to the logit: positive raises the risk.' })
  contribution!: number;
  @Field({ description: 'The reason in plain English, e.g. "transactions against own 6-month baseline -62%: +0.31".' })
  reason!: string;
  @Field({ description: 'The reason in Chinese.' })
  reasonZh!: string;
}

@ObjectType('RiskScore', { description: 'A churn-risk score of a customer, with the factors that explain it.', simpleResolvers: true })
export class RiskScoreView {
  key!: string;
  @Field(() => ID, { description: 'Opaque id of this score.' })
  id!: string;
  @Field(() => Float, { description: 'Probability of a customer-initiated exit within the model\'s horizon, 0..1.' })
  score!: number;
  @Field(() => RiskBand, { description: 'The band of the score.' })
  band!: RiskBand;
  @Field(() => Float, { nullable: true, description: 'The log-odds: the model\'s intercept plus the factors\' contributions. Null for an external score.' })
  logit!: number | null;
  @Field(() => Int, { nullable: true, description: 'The version of the Keel model that computed it; null for an external score.' })
  modelVersion!: number | null;
  @Field({ description: 'MODEL for Keel\'s own models, otherwise the name of the bank\'s platform that sent it.' })
  source!: string;
  @Field(() => [RiskFactorView], { description: 'The factors, largest contribution (by size) first.' })
  factors!: RiskFactorView[];
  @Field({ description: 'What caused the scoring: BATCH, MODEL_ACTIVATED, SEED, EXTERNAL, or EVENT:<type> when an event (a complaint, a detractor\'s answer) rescored the customer in the request that recorded it.' })
  triggeredBy!: string;
  @Field(() => Date, { description: 'When it was computed. A later rescore that gives the same model the same feature values keeps this score (and this time) rather than write it again.' })
  computedAt!: Date;
}

export const RiskScoreConnection = ConnectionType(RiskScoreView, 'RiskScore');

@ObjectType('RiskModelFeature', { description: 'A feature of a model, its standardisation and its coefficient.', simpleResolvers: true })
export class RiskModelFeatureView {
  @Field({ description: 'The customer attribute\'s name.' })
  name!: string;
  @Field({ description: 'How the value becomes an input: STANDARDISE, z = (value - mean) / sd.' })
  transform!: string;
  @Field(() => Float, { description: 'Mean for standardisation; a missing value counts as the mean.' })
  mean!: number;
  @Field(() => Float, { description: 'Standard deviation for standardisation.' })
  sd!: number;
  @Field(() => Float, { description: 'Coefficient on the standardised value in the logit.' })
  coefficient!: number;
}

@ObjectType('RiskModel', { description: 'A versioned churn model: its numbers, what it was trained on, and how well it did.', simpleResolvers: true })
export class RiskModelView {
  key!: string;
  @Field(() => ID, { description: 'Opaque id of the model.' })
  id!: string;
  @Field(() => Int, { description: 'The model\'s version, increasing.' })
  version!: number;
  @Field(() => RiskModelKind, { description: 'The kind of model.' })
  kind!: RiskModelKind;
  @Field({ description: 'What the model is, in words (names age as a band where used).' })
  description!: string;
  @Field(() => [RiskModelFeatureView], { description: 'The features, with transformations and coefficients.' })
  features!: RiskModelFeatureView[];
  @Field(() => Float, { description: 'The logit\'s intercept.' })
  intercept!: number;
  @Field(() => Float, { description: 'Scores at or above this are MEDIUM.' })
  mediumFrom!: number;
  @Field(() => Float, { description: 'Scores at or above this are HIGH.' })
  highFrom!: number;
  @Field(() => Float, { description: 'Scores at or above this are CRITICAL.' })
  criticalFrom!: number;
  @Field(() => Int, { description: 'The label: a customer-initiated exit within this many months of the snapshot.' })
  horizonMonths!: number;
  @Field(() => Int, { description: 'Customer snapshots the model was fitted on.' })
  trainingSize!: number;
  @Field(() => Int, { description: 'Customer snapshots held out (later in time) to measure it.' })
  holdoutSize!: number;
  @Field(() => Float, { nullable: true, description: 'Area under the ROC curve on the holdout.' })
  holdoutAuc!: number | null;
  @Field(() => Float, { nullable: true, description: 'Brier score on the holdout.' })
  brier!: number | null;
  @Field(() => RiskModelStatus, { description: 'Where the model is in its life.' })
  status!: RiskModelStatus;
  @Field(() => String, { nullable: true, description: 'Why training failed.' })
  failureReason!: string | null;
  @Field({ description: 'Who trained it.' })
  trainedBy!: string;
  @Field(() => String, { nullable: true, description: 'Who activated it.' })
  activatedBy!: string | null;
}

@ObjectType('ImportExitHistoryPayload', { description: 'How many exits were imported, or why none were.', simpleResolvers: true })
export class ImportExitHistoryPayload {
  @Field(() => Int, { nullable: true, description: 'Exits recorded by this call.' })
  imported!: number | null;
  @Field(() => Int, { nullable: true, description: 'Exits already known (a re-sent item), left as they were.' })
  alreadyKnown!: number | null;
  @Field(() => [UserError], { description: 'What to fix, with the item\'s path; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('RiskModelPayload', { description: 'The model the mutation changed, or why nothing changed.', simpleResolvers: true })
export class RiskModelPayload {
  @Field(() => RiskModelView, { nullable: true, description: 'The model.' })
  riskModel!: RiskModelView | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing changed.' })
  userErrors!: UserError[];
}

@ObjectType('RecordExternalRiskScoresPayload', { description: 'How many scores were recorded, or why none were.', simpleResolvers: true })
export class RecordExternalRiskScoresPayload {
  @Field(() => Int, { nullable: true, description: 'Scores recorded.' })
  recorded!: number | null;
  @Field(() => [UserError], { description: 'What to fix, with the item\'s path; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('RiskAlert', { description: 'A customer\'s churn-risk band rose to HIGH or CRITICAL.', simpleResolvers: true })
export class RiskAlertView {
  key!: string;
  customerKey!: string;
  @Field(() => ID, { description: 'Opaque id of the alert.' })
  id!: string;
  @Field(() => ID, { description: 'The customer\'s id.' })
  customerId!: string;
  @Field(() => RiskBand, { description: 'The band before.' })
  fromBand!: RiskBand;
  @Field(() => RiskBand, { description: 'The band now.' })
  toBand!: RiskBand;
  @Field(() => Float, { description: 'The score that raised it.' })
  score!: number;
  @Field(() => Date, { description: 'When it was raised.' })
  raisedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was acknowledged; null while open.' })
  acknowledgedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Who acknowledged it.' })
  acknowledgedBy!: string | null;
}

export const RiskAlertConnection = ConnectionType(RiskAlertView, 'RiskAlert');

@ObjectType('RiskAlertPayload', { description: 'The alert acknowledged, or why not.', simpleResolvers: true })
export class RiskAlertPayload {
  @Field(() => RiskAlertView, { nullable: true, description: 'The alert.' })
  riskAlert!: RiskAlertView | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing changed.' })
  userErrors!: UserError[];
}

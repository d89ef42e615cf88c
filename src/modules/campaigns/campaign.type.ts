// The read model of campaigns: plain objects from SQL, shaped like these types.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../graphql/money';
import { ConnectionType, Node } from '../../graphql/relay';
import { CampaignChannel, CampaignState } from './campaign.entity';

registerEnumType(CampaignState, { name: 'CampaignState', description: 'DRAFT → LAUNCHED → CLOSED; no other move.' });
registerEnumType(CampaignChannel, { name: 'CampaignChannel', description: 'How the offer reaches the treated customers.' });

@ObjectType('Campaign', {
  implements: Node,
  description: 'A retention offer from the catalogue to a segment through a channel, with a random holdout that gets nothing, so that its effect can be measured.',
  simpleResolvers: true,
})
export class CampaignView extends Node {
  key!: string;
  @Field({ description: 'Name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  description!: string | null;
  @Field(() => ID, { description: 'The offer (RetentionOffer global id).' })
  offerId!: string;
  @Field(() => ID, { description: 'The segment targeted (Segment global id); its members at launch are assigned.' })
  segmentId!: string;
  @Field(() => CampaignChannel, { description: 'How the offer is sent.' })
  channel!: CampaignChannel;
  @Field(() => Int, { description: 'Percentage of the consenting members held out (1..99).' })
  holdoutPercent!: number;
  @Field(() => CampaignState, { description: 'DRAFT, LAUNCHED or CLOSED.' })
  state!: CampaignState;
  @Field(() => Date, { nullable: true, description: 'When it was launched; the retention window starts here.' })
  launchedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was closed.' })
  closedAt!: Date | null;
  @Field({ description: 'Who created it (staff subject or partner id).' })
  createdBy!: string;
  @Field(() => Int, { description: 'Customers assigned to TREATMENT at launch.' })
  treated!: number;
  @Field(() => Int, { description: 'Customers assigned to HOLDOUT at launch (they get nothing).' })
  holdout!: number;
  @Field(() => Int, { description: 'Active members without marketing consent at launch: in neither arm, never targeted.' })
  withoutConsent!: number;
  @Field(() => Int, { description: 'Treated customers the offer was proposed to (the others were not eligible for it).' })
  proposed!: number;
  @Field(() => Int, { description: 'Optimistic-lock version: pass it back to launchCampaign and closeCampaign.' })
  version!: number;
  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;
}

export const CampaignConnection = ConnectionType(CampaignView, 'Campaign');

@ObjectType({ description: 'One arm of a campaign (TREATMENT or HOLDOUT) over the retention window.', simpleResolvers: true })
export class CampaignArm {
  @Field(() => Int, { description: 'Customers assigned to the arm.' })
  customers!: number;
  @Field(() => Int, { description: 'Of them, customers retained: no full exit (customer- or bank-initiated) closed within the window.' })
  retained!: number;
  @Field(() => Float, { nullable: true, description: 'retained / customers; null without customers.' })
  retentionRate!: number | null;
  @Field(() => Money, { description: 'Their total deposits at launch, in the reporting currency.' })
  depositsAtLaunch!: Money;
  @Field(() => Money, { description: 'The deposits at launch of the customers retained, in the reporting currency.' })
  depositsRetained!: Money;
}

@ObjectType({
  description:
    'What a campaign did, computed in SQL over its assignments (intent to treat: every treated customer counts, proposed to or not). '
    + 'Uplift is the treated retention rate less the holdout\'s, with a 95% two-proportion Wald interval for the difference: '
    + 'uplift ± 1.96 × sqrt(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀).',
  simpleResolvers: true,
})
export class CampaignResults {
  @Field(() => Int, { description: 'The window asked for, in days after launch.' })
  windowDays!: number;
  @Field(() => Date, { description: 'Where the window ends: launch + windowDays, or now if that is still to come.' })
  windowEnd!: Date;
  @Field({ description: 'Whether the whole window has passed (otherwise the figures are so far).' })
  windowComplete!: boolean;
  @Field(() => Int, { description: 'Reach: treated customers the offer was proposed to.' })
  reach!: number;
  @Field(() => Int, { description: 'Proposals the customers accepted.' })
  accepted!: number;
  @Field(() => Float, { nullable: true, description: 'Acceptance: proposals accepted / treated customers; null without treated customers.' })
  acceptance!: number | null;
  @Field(() => CampaignArm, { description: 'The treated customers.' })
  treatment!: CampaignArm;
  @Field(() => CampaignArm, { description: 'The holdout (nothing sent).' })
  holdout!: CampaignArm;
  @Field(() => Float, { nullable: true, description: 'Retention uplift: treatment retentionRate − holdout retentionRate; null when an arm is empty.' })
  uplift!: number | null;
  @Field(() => Float, { nullable: true, description: 'Lower end of the 95% two-proportion Wald interval for the uplift.' })
  upliftLower!: number | null;
  @Field(() => Float, { nullable: true, description: 'Upper end of the 95% two-proportion Wald interval for the uplift.' })
  upliftUpper!: number | null;
  @Field(() => Money, { nullable: true, description: 'Deposits the campaign kept, estimated: treated deposits at launch × (share of treated deposits retained − share of holdout deposits retained); null when an arm holds no deposits.' })
  depositsKept!: Money | null;
}

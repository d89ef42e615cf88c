import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { CampaignChannel } from './campaign.entity';

@InputType({ description: 'A new campaign, created as DRAFT: nothing is sent until launchCampaign.' })
export class CreateCampaignInput {
  @Field({ description: 'Name (1..120 characters).' })
  @Length(1, 120)
  name!: string;
  @Field({ nullable: true, description: 'What it is for (up to 2,000 characters).' })
  @IsOptional()
  @Length(1, 2000)
  description?: string;
  @Field(() => ID, { description: 'The offer of the retention catalogue (RetentionOffer id).' })
  offerId!: string;
  @Field(() => ID, { description: 'The segment to target (Segment id).' })
  segmentId!: string;
  @Field(() => CampaignChannel, { description: 'How the offer is sent.' })
  channel!: CampaignChannel;
  @Field(() => Int, { description: 'Percentage of the consenting members held out as the control group, 1..99.' })
  holdoutPercent!: number;
}

@InputType({ description: 'A campaign to move to its next state.' })
export class CampaignTransitionInput {
  @Field(() => ID, { description: 'The Campaign.' })
  id!: string;
  @Field(() => Int, { description: 'The version read (optimistic locking).' })
  version!: number;
}

@ArgsType()
export class CampaignsArgs extends ConnectionArgs {}

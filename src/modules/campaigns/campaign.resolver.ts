// Thin resolvers: GraphQL in, queries or service calls, GraphQL out. Global ids are decoded here.
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput, notFound, UserError } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, keyOrNull, pageRequest } from '../../graphql/relay';
import { serviceDeps } from '../../graphql/service-deps';
import { contributionsOf } from '../../module';
import { CampaignsArgs, CampaignTransitionInput, CreateCampaignInput } from './campaign.inputs';
import { campaignLoader } from './campaign.loaders';
import { campaignResults, listCampaigns } from './campaign.queries';
import { type CampaignDeps, closeCampaign, createCampaign, launchCampaign } from './campaign.service';
import { CampaignConnection, CampaignResults, CampaignView } from './campaign.type';

@ObjectType({ description: 'Result of a campaign write.', simpleResolvers: true })
class CampaignPayload {
  @Field(() => CampaignView, { nullable: true, description: 'The campaign as saved; null when there are userErrors.' })
  campaign!: CampaignView | null;
  @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
  userErrors!: UserError[];
}

/** The longest retention window results are computed over. */
export const MAX_WINDOW_DAYS = 3650;

export function campaignDeps(ctx: Context): CampaignDeps {
  return {
    ...serviceDeps(ctx),
    eligibility: contributionsOf(ctx.modules, 'eligibility'),
    segments: contributionsOf(ctx.modules, 'customerGroups').find((g) => g.typeName === 'Segment') ?? null,
  };
}

function payload(ctx: Context, input: object, write: () => Promise<string>) {
  return mutationPayload(ctx, input, 'campaign', write, (key) => campaignLoader(ctx).clear(key).load(key));
}

@Resolver(() => CampaignView)
export class CampaignResolver {
  @Query(() => CampaignConnection, { description: 'Campaigns, oldest first.' })
  campaigns(@Args() args: CampaignsArgs, @Ctx() ctx: Context) {
    return listCampaigns(ctx, pageRequest(args, 2));
  }

  @Query(() => CampaignView, { description: 'One campaign by id. Unknown: NOT_FOUND.' })
  async campaign(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const found = await campaignLoader(ctx).load(keyOf(id, 'Campaign'));
    if (!found) throw notFound('Campaign');
    return found;
  }

  @FieldResolver(() => CampaignResults, { nullable: true, description: 'Reach, acceptance, and retention of treated versus holdout over a window after launch, with the uplift and its 95% interval; null before launch.' })
  results(
    @Root() c: CampaignView,
    @Arg('windowDays', () => Int, { defaultValue: 90, description: `Days after launch, 1..${MAX_WINDOW_DAYS} (default 90).` }) windowDays: number,
    @Ctx() ctx: Context,
  ) {
    if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > MAX_WINDOW_DAYS) throw badInput(`\`windowDays\` must be from 1 to ${MAX_WINDOW_DAYS}`);
    return campaignResults(ctx, c, windowDays);
  }

  @Mutation(() => CampaignPayload, { description: 'Creates a DRAFT campaign: an offer of the catalogue to a segment through a channel, with a holdout percentage.' })
  createCampaign(@Arg('input', () => CreateCampaignInput) input: CreateCampaignInput, @Ctx() ctx: Context) {
    return payload(ctx, input, () =>
      createCampaign(campaignDeps(ctx), {
        name: input.name,
        description: input.description ?? null,
        // An id of another type is no offer or segment: a userError like an unknown one.
        offerKey: keyOrNull(input.offerId, 'RetentionOffer'),
        segmentKey: keyOrNull(input.segmentId, 'Segment'),
        channel: input.channel,
        holdoutPercent: input.holdoutPercent,
      }),
    );
  }

  @Mutation(() => CampaignPayload, {
    description: 'Launches a DRAFT campaign: the segment\'s active members with marketing consent are assigned to TREATMENT or HOLDOUT by a hash of the campaign and customer ids, and the offer is proposed to the eligible treated customers.',
  })
  launchCampaign(@Arg('input', () => CampaignTransitionInput) input: CampaignTransitionInput, @Ctx() ctx: Context) {
    return payload(ctx, input, () => launchCampaign(campaignDeps(ctx), keyOf(input.id, 'Campaign'), input.version));
  }

  @Mutation(() => CampaignPayload, { description: 'Closes a LAUNCHED campaign; its results stay readable.' })
  closeCampaign(@Arg('input', () => CampaignTransitionInput) input: CampaignTransitionInput, @Ctx() ctx: Context) {
    return payload(ctx, input, () => closeCampaign(serviceDeps(ctx), keyOf(input.id, 'Campaign'), input.version));
  }
}

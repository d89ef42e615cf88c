// Thin resolvers: GraphQL in, queries or service calls, GraphQL out. Global ids are decoded here.
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput, notFound, UserError } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, keyOrNull, pageRequest } from '../../graphql/relay';
import { selectedFields } from '../../graphql/selection';
import { serviceDeps } from '../../graphql/service-deps';
import { CustomerView } from '../customers/public';
import {
  ChurnAnalyticsArgs, CohortRetentionArgs, CreateSegmentInput, RefreshSegmentInput, SegmentMembersArgs, SegmentMembersInput,
  SegmentRuleInput, SegmentsArgs, UpdateSegmentInput,
} from './segment.inputs';
import { customerSegmentsLoader, segmentLoader } from './segment.loaders';
import {
  attributesOf, churnAnalytics, cohortRetention, listSegments, periodCount, previewRule, segmentMembers, segmentSizes, segmentStats,
} from './segment.queries';
import { checkRule, fieldsFor, OPERATORS_BY_TYPE } from './segment.rule';
import {
  addSegmentMembers, createSegment, refreshSegment, removeSegmentMembers, type SegmentDeps, updateSegment,
} from './segment.service';
import {
  ChurnAnalytics, ChurnGranularity, CohortRetention, SegmentConnection, SegmentFieldView, SegmentMemberConnection, SegmentPreview,
  SegmentSizePoint, SegmentStats, SegmentView,
} from './segment.type';

@ObjectType({ description: 'Result of a segment write.', simpleResolvers: true })
class SegmentPayload {
  @Field(() => SegmentView, { nullable: true, description: 'The segment as saved; null when there are userErrors.' })
  segment!: SegmentView | null;
  @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
  userErrors!: UserError[];
}

@ArgsType()
class PeriodArgs {
  @Field(() => Date, { nullable: true, description: 'Start of the period (inclusive); default: a year before now.' })
  from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'End of the period (exclusive); default: now.' })
  to?: Date | null;
}

@ArgsType()
class SizeHistoryArgs extends PeriodArgs {
  @Field(() => ChurnGranularity, { nullable: true, description: 'Distance between points (default MONTH).' })
  granularity?: ChurnGranularity | null;
}

const PREVIEW_PAGE = 20;
const MAX_PERIODS = 400;
const YEAR_MS = 365 * 86_400_000;

export function segmentDeps(ctx: Context): SegmentDeps {
  return { ...serviceDeps(ctx), attributes: attributesOf(ctx) };
}

function range(ctx: Context, from: Date | null | undefined, to: Date | null | undefined): [Date, Date] {
  const end = to ?? ctx.now;
  const start = from ?? new Date(end.getTime() - YEAR_MS);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) throw badInput('`from` must be before `to`');
  return [start, end];
}

function periods(from: Date, to: Date, granularity: ChurnGranularity): void {
  if (periodCount(from, to, granularity) > MAX_PERIODS) throw badInput(`The range has more than ${MAX_PERIODS} periods of this granularity`);
}

/** A segment id given to a read: decoded, and the segment visible; otherwise NOT_FOUND. */
async function segmentKeyOf(ctx: Context, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  const key = keyOf(id, 'Segment');
  if (!(await segmentLoader(ctx).load(key))) throw notFound('Segment');
  return key;
}

function segmentPayload(ctx: Context, input: object, write: () => Promise<string>) {
  return mutationPayload(ctx, input, 'segment', write, (key) => segmentLoader(ctx).clear(key).load(key));
}

@Resolver(() => SegmentView)
export class SegmentResolver {
  @Query(() => SegmentConnection, { description: 'Segments, oldest first.' })
  segments(@Args() args: SegmentsArgs, @Ctx() ctx: Context) {
    return listSegments(ctx, pageRequest(args, 2));
  }

  @Query(() => SegmentView, { description: 'One segment by id. Unknown: NOT_FOUND.' })
  async segment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const found = await segmentLoader(ctx).load(keyOf(id, 'Segment'));
    if (!found) throw notFound('Segment');
    return found;
  }

  @Query(() => [SegmentFieldView], { description: 'The fields your rules may use: those of the modules whose data you may read.' })
  segmentFields(@Ctx() ctx: Context): SegmentFieldView[] {
    return fieldsFor(attributesOf(ctx), ctx.viewer).map((a) => ({
      name: a.name, description: a.description, unit: a.unit, type: a.type, operators: OPERATORS_BY_TYPE[a.type], values: a.values ?? null,
    }));
  }

  @Query(() => SegmentPreview, { description: 'What a rule selects now among the customers within your reach: the count and the first customers by name. Nothing is saved.' })
  async segmentPreview(@Arg('rule', () => SegmentRuleInput) rule: SegmentRuleInput, @Ctx() ctx: Context): Promise<SegmentPreview> {
    const checked = checkRule(rule, attributesOf(ctx), ctx.viewer, ['rule']);
    if (!checked.rule) return { count: null, customers: [], userErrors: checked.problems };
    return { ...(await previewRule(ctx, checked.rule, PREVIEW_PAGE)), userErrors: [] };
  }

  @Query(() => ChurnAnalytics, { description: 'Exits, churn rate, retention and win-backs per period among the customers within your reach (optionally a segment\'s members).' })
  async churnAnalytics(@Args() input: ChurnAnalyticsArgs, @Ctx() ctx: Context) {
    const [from, to] = range(ctx, input.from, input.to);
    periods(from, to, input.granularity);
    return churnAnalytics(ctx, from, to, input.granularity, await segmentKeyOf(ctx, input.segmentId));
  }

  @Query(() => [CohortRetention], { description: 'Customers within your reach by the quarter they joined, and how many are still customers.' })
  async cohortRetention(@Args() input: CohortRetentionArgs, @Ctx() ctx: Context) {
    const [from, to] = range(ctx, input.joinedFrom, input.joinedTo);
    return cohortRetention(ctx, from, to, input.asOf ?? ctx.now, await segmentKeyOf(ctx, input.segmentId));
  }

  @FieldResolver(() => SegmentMemberConnection, { description: 'Current members within your reach (a relationship manager: own book), a page at a time.' })
  members(@Root() s: SegmentView, @Args() args: SegmentMembersArgs, @Ctx() ctx: Context) {
    return segmentMembers(ctx, s.key, pageRequest(args, 1));
  }

  @FieldResolver(() => SegmentStats, { description: 'Figures about the members within your reach; churn over the period among the members at its start.' })
  stats(@Root() s: SegmentView, @Args() args: PeriodArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const [from, to] = range(ctx, args.from, args.to);
    return segmentStats(ctx, s.key, from, to, selectedFields(info));
  }

  @FieldResolver(() => [SegmentSizePoint], { description: 'The segment\'s size at the start of each period, from its membership history.' })
  sizeHistory(@Root() s: SegmentView, @Args() args: SizeHistoryArgs, @Ctx() ctx: Context) {
    const [from, to] = range(ctx, args.from, args.to);
    const granularity = args.granularity ?? ChurnGranularity.MONTH;
    periods(from, to, granularity);
    const points: Date[] = [];
    for (let at = new Date(from); at < to; ) {
      points.push(new Date(at));
      if (granularity === ChurnGranularity.WEEK) at.setUTCDate(at.getUTCDate() + 7);
      else at.setUTCMonth(at.getUTCMonth() + (granularity === ChurnGranularity.MONTH ? 1 : 3));
    }
    return segmentSizes(ctx, s.key, points);
  }

  @Mutation(() => SegmentPayload, { description: 'Creates a segment: with a rule DYNAMIC (its members computed now), without one STATIC.' })
  createSegment(@Arg('input', () => CreateSegmentInput) input: CreateSegmentInput, @Ctx() ctx: Context) {
    return segmentPayload(ctx, input, () => createSegment(segmentDeps(ctx), input));
  }

  @Mutation(() => SegmentPayload, { description: 'Changes a segment\'s name, description or rule (a new rule recomputes the members).' })
  updateSegment(@Arg('input', () => UpdateSegmentInput) input: UpdateSegmentInput, @Ctx() ctx: Context) {
    return segmentPayload(ctx, input, () => updateSegment(segmentDeps(ctx), keyOf(input.id, 'Segment'), input.version, input));
  }

  @Mutation(() => SegmentPayload, { description: 'Recomputes a DYNAMIC segment\'s members from its rule now.' })
  refreshSegment(@Arg('input', () => RefreshSegmentInput) input: RefreshSegmentInput, @Ctx() ctx: Context) {
    return segmentPayload(ctx, input, () => refreshSegment(segmentDeps(ctx), keyOf(input.id, 'Segment')));
  }

  @Mutation(() => SegmentPayload, { description: 'Adds customers to a STATIC segment (at most 1,000; all or nothing; members already in stay as they are).' })
  addSegmentMembers(@Arg('input', () => SegmentMembersInput) input: SegmentMembersInput, @Ctx() ctx: Context) {
    return segmentPayload(ctx, input, () =>
      addSegmentMembers(segmentDeps(ctx), keyOf(input.segmentId, 'Segment'), input.customerIds.map((id) => keyOrNull(id, 'Customer'))),
    );
  }

  @Mutation(() => SegmentPayload, { description: 'Removes customers from a STATIC segment (at most 1,000; all or nothing; customers not in it are ignored).' })
  removeSegmentMembers(@Arg('input', () => SegmentMembersInput) input: SegmentMembersInput, @Ctx() ctx: Context) {
    return segmentPayload(ctx, input, () =>
      removeSegmentMembers(segmentDeps(ctx), keyOf(input.segmentId, 'Segment'), input.customerIds.map((id) => keyOrNull(id, 'Customer'))),
    );
  }
}

@Resolver(() => CustomerView)
export class CustomerSegmentsResolver {
  @FieldResolver(() => [SegmentView], { description: 'The segments the customer currently belongs to, by name.' })
  segments(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return customerSegmentsLoader(ctx).load(c.key);
  }
}

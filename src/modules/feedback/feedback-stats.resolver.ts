// Feedback analytics: statistics by group and complaint surges, read-only, bounded inputs.
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { validateInput } from '../../graphql/validate';
import {
  ComplaintSurgeInput, DEFAULT_STATS_RANGE_DAYS, FeedbackStatsFilter, FeedbackStatsGroup, MAX_GROUP_BY, MAX_STATS_RANGE_DAYS, SURGE_DEFAULTS,
} from './feedback-stats.inputs';
import { complaintSurges, feedbackStats } from './feedback-stats.queries';
import { ComplaintSurgesView, FeedbackStatsView } from './feedback-stats.type';

const DAY = 86_400_000;

@Resolver()
export class FeedbackStatsResolver {
  @Query(() => FeedbackStatsView, { description: `Feedback statistics by group (at most ${MAX_GROUP_BY} distinct keys): NPS, CSAT, complaints, times to acknowledge and resolve, overdue and within-deadline counts. A relationship manager's numbers cover their book only. Never includes the customers' words.` })
  async feedbackStats(
    @Arg('filter', () => FeedbackStatsFilter, { nullable: true, description: 'Which feedback (default: received in the last year).' }) filter: FeedbackStatsFilter | undefined,
    @Arg('groupBy', () => [FeedbackStatsGroup], { defaultValue: [], description: `What to group by, at most ${MAX_GROUP_BY} distinct keys (none: one row over everything).` }) groupBy: FeedbackStatsGroup[],
    @Ctx() ctx: Context,
  ) {
    const f = filter ?? {};
    const invalid = await validateInput(f, ['filter']);
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    if (groupBy.length > MAX_GROUP_BY || new Set(groupBy).size !== groupBy.length) {
      throw badInput(`groupBy takes at most ${MAX_GROUP_BY} distinct keys; got ${groupBy.join(', ')}`);
    }
    const to = f.to ?? ctx.now;
    const from = f.from ?? new Date(to.getTime() - DEFAULT_STATS_RANGE_DAYS * DAY);
    if (from.getTime() >= to.getTime()) throw badInput('filter.from must be before filter.to');
    if (to.getTime() - from.getTime() > MAX_STATS_RANGE_DAYS * DAY) throw badInput(`The time range covers at most ${MAX_STATS_RANGE_DAYS} days`);
    return feedbackStats(ctx, { from, to, kindIn: f.kind_in, channelIn: f.channel_in, severityIn: f.severity_in, topic: f.topic }, groupBy);
  }

  @Query(() => ComplaintSurgesView, { description: 'Topics whose complaints in the last window run well above their baseline rate. A relationship manager\'s cover their book only.' })
  async complaintSurges(
    @Arg('window', () => ComplaintSurgeInput, { nullable: true, description: 'Window, baseline, threshold and minimum count (defaults: 24 hours, 28 days, 2×, 5 complaints).' }) window: ComplaintSurgeInput | undefined,
    @Ctx() ctx: Context,
  ) {
    const w = Object.assign(new ComplaintSurgeInput(), SURGE_DEFAULTS, window ?? {});
    const invalid = await validateInput(w, ['window']);
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    return complaintSurges(ctx, w);
  }
}

// Thin resolvers for feedback: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput, notFound } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, keyOrNull, pageRequest } from '../../graphql/relay';
import { referenceKey } from '../../graphql/references';
import { serviceDeps } from '../../graphql/service-deps';
import { validateInput } from '../../graphql/validate';
import { customerLoader, CustomerView, OrderDirection, staffLoader, StaffMemberView } from '../customers/public';
import {
  AssignFeedbackInput, FeedbackListArgs, FeedbackOrderField, FeedbackStepInput, ImportSurveyResponsesInput, RecordFeedbackInput,
  ResolveFeedbackInput,
} from './feedback.inputs';
import { feedbackLoader, historyLoader } from './feedback.loaders';
import { listFeedback } from './feedback.queries';
import {
  acknowledgeFeedback, assignFeedback, escalateFeedback, type FeedbackDeps, importSizeProblems, importSurveyResponses, type OnFeedback,
  recordFeedback, reopenFeedback, resolveFeedback, startWorkOnFeedback,
} from './feedback.service';
import { FeedbackConnection, FeedbackPayload, FeedbackTransitionView, FeedbackView, ImportSurveyResponsesPayload } from './feedback.type';

/** The feedback an input names, by key (an id of no feedback answers NOT_FOUND). */
function onFeedback(input: { feedbackId: string; expectedVersion: number; note?: string }): OnFeedback {
  return { feedbackKey: keyOf(input.feedbackId, 'Feedback'), expectedVersion: input.expectedVersion, note: input.note ?? null };
}

function feedbackPayload(ctx: Context, input: object, write: (deps: FeedbackDeps) => Promise<string>) {
  return mutationPayload(ctx, input, 'feedback', () => write(serviceDeps(ctx)), (key) => feedbackLoader(ctx).clear(key).load(key));
}

@Resolver(() => FeedbackView)
export class FeedbackResolver {
  @Query(() => FeedbackConnection, { description: 'Feedback you may see (a relationship manager: their book\'s), newest first unless ordered otherwise, a page at a time.' })
  async feedback(@Args() args: FeedbackListArgs, @Ctx() ctx: Context) {
    const order = { field: args.orderBy?.field ?? FeedbackOrderField.RECEIVED_AT, direction: args.orderBy?.direction ?? OrderDirection.DESC };
    const page = pageRequest(args, order.field === FeedbackOrderField.SEVERITY ? 3 : 2);
    const f = args.filter ?? {};
    const invalid = await validateInput(f, ['filter']);
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    const assigneeKey = f.assigneeId ? keyOrNull(f.assigneeId, 'StaffMember') : undefined;
    const customerKey = f.customerId ? keyOrNull(f.customerId, 'Customer') : undefined;
    if (assigneeKey === null) throw notFound('StaffMember');
    if (customerKey === null) throw notFound('Customer');
    return listFeedback(ctx, {
      kindIn: f.kind_in, statusIn: f.status_in, channelIn: f.channel_in, severityIn: f.severity_in, topic: f.topic,
      customerKey, assigneeKey, overdue: f.overdue ?? undefined, receivedAfter: f.receivedAfter, receivedBefore: f.receivedBefore,
    }, page, order);
  }

  @FieldResolver(() => CustomerView, { nullable: true, description: 'The customer who gave it (null when you may not read them).' })
  customer(@Root() f: FeedbackView, @Ctx() ctx: Context) {
    return customerLoader(ctx).load(f.customerKey);
  }

  @FieldResolver(() => StaffMemberView, { nullable: true, description: 'Who handles it.' })
  assignee(@Root() f: FeedbackView, @Ctx() ctx: Context) {
    return f.assigneeKey ? staffLoader(ctx).load(f.assigneeKey) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The customer\'s words; may hold personal data. Null when none was given or it was erased (see textErased).' })
  text(@Root() f: FeedbackView) {
    return f.rawText;
  }

  @FieldResolver(() => [FeedbackTransitionView], { description: 'Its handling, oldest step first.' })
  history(@Root() f: FeedbackView, @Ctx() ctx: Context) {
    return historyLoader(ctx).load(f.key);
  }

  @Mutation(() => FeedbackPayload, { description: 'Records feedback a customer gave. A COMPLAINT gets its deadlines from its severity; an EXIT_INTERVIEW attaches to the customer\'s open offboarding case (without one: a userError).' })
  recordFeedback(@Arg('input', () => RecordFeedbackInput) input: RecordFeedbackInput, @Ctx() ctx: Context) {
    return feedbackPayload(ctx, input, (deps) => recordFeedback(deps, {
      customerKey: keyOf(input.customerId, 'Customer'),
      kind: input.kind, channel: input.channel, severity: input.severity, nps: input.nps, csat: input.csat, text: input.text,
      language: input.language, receivedAt: input.receivedAt, externalId: input.externalId,
    }));
  }

  @Mutation(() => ImportSurveyResponsesPayload, { description: 'Records survey responses, up to 1,000, all or none. A response sent again (same channel and external id) is left as it was and counted as unchanged.' })
  async importSurveyResponses(@Arg('input', () => ImportSurveyResponsesInput) input: ImportSurveyResponsesInput, @Ctx() ctx: Context) {
    // A batch too large is refused before its items are looked at.
    const formatProblems = importSizeProblems(input.items).length ? [] : await validateInput(input);
    return importSurveyResponses(serviceDeps(ctx), input.items, formatProblems);
  }

  @Mutation(() => FeedbackPayload, { description: 'Tells the customer their feedback was received (OPEN → ACKNOWLEDGED).' })
  acknowledgeFeedback(@Arg('input', () => FeedbackStepInput) input: FeedbackStepInput, @Ctx() ctx: Context) {
    return feedbackPayload(ctx, input, (deps) => acknowledgeFeedback(deps, onFeedback(input)));
  }

  @Mutation(() => FeedbackPayload, { description: 'Gives open feedback to a member of staff, or to no one.' })
  assignFeedback(@Arg('input', () => AssignFeedbackInput) input: AssignFeedbackInput, @Ctx() ctx: Context) {
    const assigneeKey = input.assigneeId ? referenceKey(input.assigneeId, 'StaffMember') : null;
    return feedbackPayload(ctx, input, (deps) => assignFeedback(deps, { ...onFeedback(input), assigneeKey }));
  }

  @Mutation(() => FeedbackPayload, { description: 'Starts working on it (OPEN or ACKNOWLEDGED → IN_PROGRESS; acknowledges it when it was not).' })
  startWorkOnFeedback(@Arg('input', () => FeedbackStepInput) input: FeedbackStepInput, @Ctx() ctx: Context) {
    return feedbackPayload(ctx, input, (deps) => startWorkOnFeedback(deps, onFeedback(input)));
  }

  @Mutation(() => FeedbackPayload, { description: 'Resolves it with what was done and the outcome (ACKNOWLEDGED or IN_PROGRESS → RESOLVED); it closes after the configured days unless reopened.' })
  resolveFeedback(@Arg('input', () => ResolveFeedbackInput) input: ResolveFeedbackInput, @Ctx() ctx: Context) {
    return feedbackPayload(ctx, input, (deps) => resolveFeedback(deps, { ...onFeedback(input), resolution: input.resolution, outcome: input.outcome }));
  }

  @Mutation(() => FeedbackPayload, { description: 'Reopens resolved feedback the customer is not satisfied with (RESOLVED → IN_PROGRESS).' })
  reopenFeedback(@Arg('input', () => FeedbackStepInput) input: FeedbackStepInput, @Ctx() ctx: Context) {
    return feedbackPayload(ctx, input, (deps) => reopenFeedback(deps, onFeedback(input)));
  }

  @Mutation(() => FeedbackPayload, { description: 'Escalates open feedback one level.' })
  escalateFeedback(@Arg('input', () => FeedbackStepInput) input: FeedbackStepInput, @Ctx() ctx: Context) {
    return feedbackPayload(ctx, input, (deps) => escalateFeedback(deps, onFeedback(input)));
  }
}

// Thin resolvers for incidents: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput, notFound } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, keyOrNull, pageRequest, parseGlobalId } from '../../graphql/relay';
import { contributionsOf } from '../../module';
import { serviceDeps } from '../../graphql/service-deps';
import { validateInput } from '../../graphql/validate';
import { CustomerView } from '../customers/public';
import { feedbackLoader } from './feedback.loaders';
import {
  IncidentListArgs, IncidentPageArgs, LinkComplaintToIncidentInput, LinkIncidentCustomersInput, LinkIncidentSegmentInput, OpenIncidentInput, PostIncidentUpdateInput,
  UpdateIncidentStatusInput,
} from './incident.inputs';
import {
  customerIncidentsLoader, incidentComplaintsLoader, incidentCustomersLoader, incidentLoader, incidentUpdatesLoader,
} from './incident.loaders';
import { incidentUpdateByKey, listIncidents } from './incident.queries';
import {
  linkComplaintToIncident, linkIncidentCustomers, linkIncidentGroup, linkSizeProblems, openIncident, postIncidentUpdate, updateIncidentStatus,
} from './incident.service';
import {
  IncidentComplaintConnection, IncidentConnection, IncidentCustomerConnection, IncidentPayload, IncidentUpdateConnection, IncidentView,
  LinkComplaintToIncidentPayload, LinkIncidentCustomersPayload, LinkIncidentSegmentPayload, PostIncidentUpdatePayload,
} from './incident.type';

const readIncident = (ctx: Context, key: string) => incidentLoader(ctx).clear(key).load(key);

@Resolver(() => IncidentView)
export class IncidentResolver {
  @Query(() => IncidentView, { nullable: true, description: 'One incident (null when unknown or outside your reach: a relationship manager sees those that touch their book or that they opened).' })
  incident(@Arg('id', () => ID, { description: 'The Incident.' }) id: string, @Ctx() ctx: Context) {
    const key = keyOrNull(id, 'Incident');
    return key ? incidentLoader(ctx).load(key) : null;
  }

  @Query(() => IncidentConnection, { description: 'Incidents you may see, newest first, a page at a time.' })
  async incidents(@Args() args: IncidentListArgs, @Ctx() ctx: Context) {
    const page = pageRequest(args, 2);
    const f = args.filter ?? {};
    const invalid = await validateInput(f, ['filter']);
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    return listIncidents(ctx, {
      statusIn: f.status_in, kindIn: f.kind_in, severityIn: f.severity_in, startedAfter: f.startedAfter, startedBefore: f.startedBefore,
    }, page);
  }

  @FieldResolver(() => IncidentUpdateConnection, { description: 'What the bank said about it, oldest first: the record of what was said, when, where and to whom. Partners see only what customers saw.' })
  updates(@Root() i: IncidentView, @Args() args: IncidentPageArgs, @Ctx() ctx: Context) {
    return incidentUpdatesLoader(ctx, pageRequest(args, 1)).load(i.key);
  }

  @FieldResolver(() => IncidentCustomerConnection, { description: 'The customers it touched that you may read (a relationship manager: their book\'s), a page at a time.' })
  affectedCustomers(@Root() i: IncidentView, @Args() args: IncidentPageArgs, @Ctx() ctx: Context) {
    return incidentCustomersLoader(ctx, pageRequest(args, 1)).load(i.key);
  }

  @FieldResolver(() => IncidentComplaintConnection, { description: 'The complaints about it that you may read (a relationship manager: their book\'s), oldest first.' })
  complaints(@Root() i: IncidentView, @Args() args: IncidentPageArgs, @Ctx() ctx: Context) {
    return incidentComplaintsLoader(ctx, pageRequest(args, 2)).load(i.key);
  }

  @Mutation(() => IncidentPayload, { description: 'Opens an incident (status OPEN).' })
  openIncident(@Arg('input', () => OpenIncidentInput) input: OpenIncidentInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'incident', () => openIncident(serviceDeps(ctx), {
      title: input.title, kind: input.kind, severity: input.severity, startedAt: input.startedAt, summary: input.summary,
    }), (key) => readIncident(ctx, key));
  }

  @Mutation(() => IncidentPayload, { description: 'Moves an incident: OPEN → MONITORING or RESOLVED, MONITORING → OPEN or RESOLVED, RESOLVED → OPEN (reopened). Resolving sets endedAt.' })
  updateIncidentStatus(@Arg('input', () => UpdateIncidentStatusInput) input: UpdateIncidentStatusInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'incident', () => updateIncidentStatus(serviceDeps(ctx), {
      incidentKey: keyOf(input.incidentId, 'Incident'), expectedVersion: input.expectedVersion, status: input.status, endedAt: input.endedAt, summary: input.summary,
    }), (key) => readIncident(ctx, key));
  }

  @Mutation(() => LinkIncidentCustomersPayload, { description: 'Links up to 1,000 customers to an incident, all or none; those linked before are counted and left as they were. A customer outside your reach makes the whole call NOT_FOUND.' })
  linkIncidentCustomers(@Arg('input', () => LinkIncidentCustomersInput) input: LinkIncidentCustomersInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'incident', () => linkIncidentCustomers(
      serviceDeps(ctx), keyOf(input.incidentId, 'Incident'), input.customerIds.map((id) => keyOf(id, 'Customer')),
    ), (r) => readIncident(ctx, r.incidentKey), {
      check: () => linkSizeProblems(input.customerIds.length),
      extra: (r) => ({ linked: r.linked, alreadyLinked: r.alreadyLinked }),
    });
  }

  @Mutation(() => LinkIncidentSegmentPayload, { description: 'Links the current members of a segment to an incident, in one statement: those within your reach (a relationship manager\'s book) are linked, those linked before are counted and left, the others are counted as outside your reach.' })
  linkIncidentSegment(@Arg('input', () => LinkIncidentSegmentInput) input: LinkIncidentSegmentInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'incident', () => {
      // Groups come from the modules that own them (segments); an id of a type none offers does not exist.
      const parsed = parseGlobalId(input.segmentId);
      const group = contributionsOf(ctx.modules, 'customerGroups').find((g) => g.typeName === parsed?.type && g.typeName === 'Segment');
      if (!parsed || !group) throw notFound('Segment');
      return linkIncidentGroup(serviceDeps(ctx), keyOf(input.incidentId, 'Incident'), group, parsed.key);
    }, (r) => readIncident(ctx, r.incidentKey), {
      extra: (r) => ({ linked: r.linked, alreadyLinked: r.alreadyLinked, outsideReach: r.outsideReach }),
    });
  }

  @Mutation(() => LinkComplaintToIncidentPayload, { description: 'Says a complaint is about an incident; again with the same incident changes nothing.' })
  linkComplaintToIncident(@Arg('input', () => LinkComplaintToIncidentInput) input: LinkComplaintToIncidentInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'complaint', () => linkComplaintToIncident(
      serviceDeps(ctx), keyOf(input.incidentId, 'Incident'), keyOf(input.complaintId, 'Feedback'),
    ), (r) => feedbackLoader(ctx).clear(r.feedbackKey).load(r.feedbackKey), {
      extra: (r) => ({ incident: readIncident(ctx, r.incidentKey) as unknown as IncidentView }),
    });
  }

  @Mutation(() => PostIncidentUpdatePayload, { description: 'Records what the bank said about an incident, where and whether customers saw it. Updates are never changed or removed.' })
  postIncidentUpdate(@Arg('input', () => PostIncidentUpdateInput) input: PostIncidentUpdateInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'update', () => postIncidentUpdate(serviceDeps(ctx), {
      incidentKey: keyOf(input.incidentId, 'Incident'), message: input.message, customerVisible: input.customerVisible, channel: input.channel,
    }), (r) => incidentUpdateByKey(ctx, r.updateKey), {
      extra: (r) => ({ incident: readIncident(ctx, r.incidentKey) as unknown as IncidentView }),
    });
  }
}

@Resolver(() => CustomerView)
export class CustomerIncidentsResolver {
  @FieldResolver(() => IncidentConnection, { description: 'The incidents that touched the customer, newest first, a page at a time.' })
  incidents(@Root() c: CustomerView, @Args() args: IncidentPageArgs, @Ctx() ctx: Context) {
    return customerIncidentsLoader(ctx, pageRequest(args, 2)).load(c.key);
  }
}

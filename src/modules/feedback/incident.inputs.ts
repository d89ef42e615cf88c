import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { FeedbackSeverity } from './feedback.entity';
import { IncidentChannel, IncidentKind, IncidentStatus } from './incident.entity';

/** The most customers one linkIncidentCustomers call takes; more is refused whole. */
export const MAX_LINKED_CUSTOMERS = 1000;

@InputType({ description: 'Narrows a list of incidents; all given conditions must hold.' })
export class IncidentFilter {
  @Field(() => [IncidentStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(10)
  status_in?: IncidentStatus[];

  @Field(() => [IncidentKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(10)
  kind_in?: IncidentKind[];

  @Field(() => [FeedbackSeverity], { nullable: true, description: 'Any of these severities.' })
  @IsOptional()
  @ArrayMaxSize(10)
  severity_in?: FeedbackSeverity[];

  @Field(() => Date, { nullable: true, description: 'Only incidents that started at or after this time.' })
  startedAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Only incidents that started before this time.' })
  startedBefore?: Date;
}

@ArgsType()
export class IncidentListArgs extends ConnectionArgs {
  @Field(() => IncidentFilter, { nullable: true, description: 'Conditions.' })
  filter?: IncidentFilter;
}

@ArgsType()
export class IncidentPageArgs extends ConnectionArgs {}

@InputType({ description: 'Opens an incident.' })
export class OpenIncidentInput {
  @Field({ description: 'A short name, 1..200 characters.' })
  @Length(1, 200)
  title!: string;

  @Field(() => IncidentKind, { description: 'What went wrong.' })
  kind!: IncidentKind;

  @Field(() => FeedbackSeverity, { description: 'How serious it is.' })
  severity!: FeedbackSeverity;

  @Field(() => Date, { nullable: true, description: 'When it began (default: now); never in the future.' })
  startedAt?: Date;

  @Field({ nullable: true, description: 'What happened and what is being done, for staff (at most 5,000 characters).' })
  @IsOptional()
  @MaxLength(5000)
  summary?: string;
}

@InputType({ description: 'Moves an incident to another status.' })
export class UpdateIncidentStatusInput {
  @Field(() => ID, { description: 'The Incident.' })
  incidentId!: string;

  @Field(() => Int, { description: 'The version you read; a stale version is a CONFLICT.' })
  expectedVersion!: number;

  @Field(() => IncidentStatus, { description: 'The status to move to (see IncidentStatus for the allowed moves).' })
  status!: IncidentStatus;

  @Field(() => Date, { nullable: true, description: 'With RESOLVED: when it ended (default: now); not before it started, never in the future.' })
  endedAt?: Date;

  @Field({ nullable: true, description: 'A new summary, when it changes (at most 5,000 characters).' })
  @IsOptional()
  @MaxLength(5000)
  summary?: string;
}

@InputType({ description: 'Customers an incident touched.' })
export class LinkIncidentCustomersInput {
  @Field(() => ID, { description: 'The Incident.' })
  incidentId!: string;

  @Field(() => [ID], { description: `Customers, up to ${MAX_LINKED_CUSTOMERS}; linking one again changes nothing. To link a segment's members, use linkIncidentSegment.` })
  customerIds!: string[];
}

@InputType({ description: 'The current members of a group of customers (a segment) that an incident touched.' })
export class LinkIncidentSegmentInput {
  @Field(() => ID, { description: 'The Incident.' })
  incidentId!: string;

  @Field(() => ID, { description: 'A Segment: its current members are linked (those within your reach; a relationship manager links their own book).' })
  segmentId!: string;
}

@InputType({ description: 'A complaint that is about an incident.' })
export class LinkComplaintToIncidentInput {
  @Field(() => ID, { description: 'The Incident.' })
  incidentId!: string;

  @Field(() => ID, { description: 'The complaint (a Feedback of kind COMPLAINT).' })
  complaintId!: string;
}

@InputType({ description: 'Something the bank says about an incident.' })
export class PostIncidentUpdateInput {
  @Field(() => ID, { description: 'The Incident.' })
  incidentId!: string;

  @Field({ description: 'What is said, 1..5,000 characters.' })
  @Length(1, 5000)
  message!: string;

  @Field({ description: 'Whether customers see it (false: an internal note).' })
  customerVisible!: boolean;

  @Field(() => IncidentChannel, { description: 'Where it is said.' })
  channel!: IncidentChannel;
}

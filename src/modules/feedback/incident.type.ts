// The read model of incidents: plain objects from SQL, shaped like these GraphQL types.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { ConnectionType, Node } from '../../graphql/relay';
import { CustomerView } from '../customers/public';
import { FeedbackSeverity } from './feedback.entity';
import { FeedbackView } from './feedback.type';
import { IncidentChannel, IncidentKind, IncidentStatus } from './incident.entity';

registerEnumType(IncidentKind, { name: 'IncidentKind', description: 'What went wrong: an outage, a failed service, fraud, a data breach, or harm to the bank\'s name.' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus', description: 'OPEN: under way. MONITORING: fixed, watched. RESOLVED: over (it may be reopened).' });
registerEnumType(IncidentChannel, { name: 'IncidentChannel', description: 'Where the bank said something about an incident; INTERNAL is for staff only.' });

@ObjectType('Incident', { implements: Node, description: 'Something that went wrong for many customers at once, the customers it touched, the complaints about it, and what the bank said about it.', simpleResolvers: true })
export class IncidentView extends Node {
  key!: string;

  @Field({ description: 'A short name of the incident.' })
  title!: string;
  @Field(() => IncidentKind, { description: 'What went wrong.' })
  kind!: IncidentKind;
  @Field(() => FeedbackSeverity, { description: 'How serious it is.' })
  severity!: FeedbackSeverity;
  @Field(() => IncidentStatus, { description: 'Where it stands.' })
  status!: IncidentStatus;
  @Field(() => Date, { description: 'When it began.' })
  startedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ended; set when it is resolved, cleared when reopened.' })
  endedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'What happened and what is being done, for staff.' })
  summary!: string | null;
  @Field({ description: 'Who opened it: staff subject or partner id.' })
  openedBy!: string;
  @Field({ description: '"staff", "partner" or "system".' })
  openedByKind!: string;
  @Field(() => Int, { description: 'Optimistic-lock version; pass it back to change the status.' })
  version!: number;
  @Field(() => Date, { description: 'When it was recorded.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When it last changed.' })
  updatedAt!: Date;
}

export const IncidentConnection = ConnectionType(IncidentView, 'Incident');

@ObjectType('IncidentUpdate', { description: 'Something the bank said about an incident: the message, where, whether customers saw it, when and by whom. Never changed or removed once posted.', simpleResolvers: true })
export class IncidentUpdateView {
  @Field({ description: 'What was said.' })
  message!: string;
  @Field({ description: 'Customers saw it (false: an internal note for staff).' })
  customerVisible!: boolean;
  @Field(() => IncidentChannel, { description: 'Where it was said.' })
  channel!: IncidentChannel;
  @Field(() => Date, { description: 'When it was posted.' })
  postedAt!: Date;
  @Field({ description: 'Who posted it: staff subject or partner id.' })
  postedBy!: string;
  @Field({ description: '"staff", "partner" or "system".' })
  postedByKind!: string;
}

export const IncidentUpdateConnection = ConnectionType(IncidentUpdateView, 'IncidentUpdate');
export const IncidentCustomerConnection = ConnectionType(CustomerView, 'IncidentCustomer');
export const IncidentComplaintConnection = ConnectionType(FeedbackView, 'IncidentComplaint');

@ObjectType('IncidentPayload', { description: 'The incident a mutation changed, or why nothing changed.', simpleResolvers: true })
export class IncidentPayload {
  @Field(() => IncidentView, { nullable: true, description: 'The incident after the change; null when userErrors say why nothing changed.' })
  incident!: IncidentView | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('LinkIncidentSegmentPayload', { description: 'Result of linkIncidentSegment: the members linked now, those linked before and those outside your reach.', simpleResolvers: true })
export class LinkIncidentSegmentPayload {
  @Field(() => IncidentView, { nullable: true, description: 'The incident; null when userErrors say why nothing changed.' })
  incident!: IncidentView | null;
  @Field(() => Int, { nullable: true, description: 'Members linked by this call.' })
  linked!: number | null;
  @Field(() => Int, { nullable: true, description: 'Members that were linked already (left as they were).' })
  alreadyLinked!: number | null;
  @Field(() => Int, { nullable: true, description: 'Members outside your reach, not linked (another relationship manager\'s book).' })
  outsideReach!: number | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('LinkIncidentCustomersPayload', { description: 'Result of linkIncidentCustomers: the customers linked now and those linked before.', simpleResolvers: true })
export class LinkIncidentCustomersPayload {
  @Field(() => IncidentView, { nullable: true, description: 'The incident; null when userErrors say why nothing changed.' })
  incident!: IncidentView | null;
  @Field(() => Int, { nullable: true, description: 'Customers linked by this call.' })
  linked!: number | null;
  @Field(() => Int, { nullable: true, description: 'Customers that were linked already (left as they were).' })
  alreadyLinked!: number | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('LinkComplaintToIncidentPayload', { description: 'The complaint linked to an incident, or why nothing changed.', simpleResolvers: true })
export class LinkComplaintToIncidentPayload {
  @Field(() => FeedbackView, { nullable: true, description: 'The complaint after the change.' })
  complaint!: FeedbackView | null;
  @Field(() => IncidentView, { nullable: true, description: 'The incident it is about.' })
  incident!: IncidentView | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing was written.' })
  userErrors!: UserError[];
}

@ObjectType('PostIncidentUpdatePayload', { description: 'The update posted about an incident, or why nothing was posted.', simpleResolvers: true })
export class PostIncidentUpdatePayload {
  @Field(() => IncidentUpdateView, { nullable: true, description: 'The update as recorded.' })
  update!: IncidentUpdateView | null;
  @Field(() => IncidentView, { nullable: true, description: 'The incident it is about.' })
  incident!: IncidentView | null;
  @Field(() => [UserError], { description: 'What to fix; when any, nothing was written.' })
  userErrors!: UserError[];
}

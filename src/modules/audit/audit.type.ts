import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ConnectionType, Node } from '../../graphql/relay';

@ObjectType('AuditEvent', { implements: Node, description: 'One entry of the append-only audit trail: who did what, when.', simpleResolvers: true })
export class AuditEventView extends Node {
  key!: string;
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;
  @Field({ description: '"staff", "partner" or "system".' })
  actorKind!: string;
  @Field({ description: 'Staff subject, partner public id, or "system".' })
  actorId!: string;
  @Field({ description: 'What was done, e.g. customer.updated or customer.pii_read.' })
  action!: string;
  @Field({ description: 'The type of the object acted on.' })
  entityType!: string;
  @Field(() => String, { nullable: true, description: 'Global id of the object acted on.' })
  entityId!: string | null;
  @Field(() => String, { nullable: true, description: 'Global id of the customer concerned.' })
  customerId!: string | null;
  @Field(() => GraphQLJSON, { description: 'Changed fields: [{ field, old, new }]; personal data fields by name only.' })
  changes!: unknown;
  @Field(() => String, { nullable: true, description: 'The request that did it (x-request-id).' })
  requestId!: string | null;
}

export const AuditEventConnection = ConnectionType(AuditEventView, 'AuditEvent');

import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';

@InputType({ description: 'Narrows the audit trail; all given conditions must hold.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Events concerning this customer.' })
  customerId?: string;
  @Field({ nullable: true, description: 'Events by this actor (staff subject or partner public id).' })
  actorId?: string;
  @Field({ nullable: true, description: 'Events with this action, e.g. customer.pii_read.' })
  action?: string;
  @Field(() => Date, { nullable: true, description: 'At or after this time.' })
  from?: Date;
  @Field(() => Date, { nullable: true, description: 'Before this time.' })
  to?: Date;
}

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => AuditEventFilter, { nullable: true, description: 'Which events; newest first.' })
  filter?: AuditEventFilter;
}

import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { keyOf, pageRequest } from '../../graphql/relay';
import { AuditEventsArgs } from './audit.inputs';
import { listAuditEvents } from './audit.queries';
import { AuditEventConnection } from './audit.type';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'The audit trail, newest first (ADMIN and COMPLIANCE_OFFICER).' })
  auditEvents(@Args() args: AuditEventsArgs, @Ctx() ctx: Context) {
    const f = args.filter ?? {};
    return listAuditEvents(
      ctx,
      { customerKey: f.customerId ? keyOf(f.customerId, 'Customer') : undefined, actorId: f.actorId, action: f.action, from: f.from, to: f.to },
      pageRequest(args, 2),
    );
  }
}

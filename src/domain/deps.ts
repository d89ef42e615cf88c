// What a service is given to do its work: no request, no GraphQL, just the unit of work, who acts and when.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../audit/audit.writer';
import type { Config } from '../config';

export interface ServiceDeps extends AuditActor {
  /** The unit of work the service writes in (it opens its own transaction). */
  em: EntityManager;
  config: Config;
}

import { MikroORM } from '@mikro-orm/postgresql';
import { AuditEvent } from '../audit/audit-event.entity';
import { DomainEvent } from '../events/domain-event.entity';
import { ReactionsSubscriber } from '../events/reactions';
import type { Config } from '../config';
import type { KeelModule } from '../module';
import { ormOptions } from './orm-options';
import { prepareHotStatements } from './prepared';

/** Entities of the platform itself, used by every module. */
export const platformEntities: Function[] = [AuditEvent, DomainEvent];

export function entitiesOf(modules: KeelModule[]): Function[] {
  return [...platformEntities, ...modules.flatMap((m) => m.entities)];
}

export interface OrmTimeouts {
  statementTimeoutMs?: number;
  deadlineMs?: number;
  /** Name hot reads as prepared statements (default: yes; see prepared.ts). */
  prepareStatements?: boolean;
}

/** The runtime ORM: connects as the least-privileged role. */
export async function initOrm(url: string, modules: KeelModule[], poolMax = 10, replicas: string[] = [], timeouts: OrmTimeouts = {}): Promise<MikroORM> {
  const { prepareStatements = true, ...limits } = timeouts;
  const orm = await MikroORM.init(ormOptions({ url, entities: entitiesOf(modules), poolMax, replicas, ...limits, subscribers: [new ReactionsSubscriber(modules)] }));
  if (prepareStatements) prepareHotStatements(orm);
  return orm;
}

/** The requests' ORM, sized and timed by the configuration. */
export function initRequestOrm(url: string, modules: KeelModule[], config: Config, poolMax = config.runtime.dbPoolMax): Promise<MikroORM> {
  const { dbStatementTimeoutMs, requestTimeoutMs, dbPrepareStatements } = config.runtime;
  return initOrm(url, modules, poolMax, config.databaseReadUrls, { statementTimeoutMs: dbStatementTimeoutMs, deadlineMs: requestTimeoutMs, prepareStatements: dbPrepareStatements });
}

/**
 * Background jobs get a pool of their own with a statement timeout in minutes: a job over every customer
 * may need them, and it can neither take the requests' connections nor hold them.
 */
export function initJobOrm(url: string, modules: KeelModule[], config: Config): Promise<MikroORM> {
  const { jobStatementTimeoutMs, dbPrepareStatements } = config.runtime;
  return initOrm(url, modules, 2, [], { statementTimeoutMs: jobStatementTimeoutMs, deadlineMs: jobStatementTimeoutMs, prepareStatements: dbPrepareStatements });
}

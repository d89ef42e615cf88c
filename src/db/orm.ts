import { MikroORM } from '@mikro-orm/postgresql';
import { AuditEvent } from '../audit/audit-event.entity';
import type { KeelModule } from '../module';
import { ormOptions } from './orm-options';

/** Entities of the platform itself, used by every module. */
export const platformEntities: Function[] = [AuditEvent];

export function entitiesOf(modules: KeelModule[]): Function[] {
  return [...platformEntities, ...modules.flatMap((m) => m.entities)];
}

/** The runtime ORM: connects as the least-privileged role. */
export function initOrm(url: string, modules: KeelModule[], poolMax = 10, replicas: string[] = []): Promise<MikroORM> {
  return MikroORM.init(ormOptions({ url, entities: entitiesOf(modules), poolMax, replicas }));
}

import { MikroORM } from '@mikro-orm/postgresql';
import type { KeelModule } from '../module';
import { ormOptions } from './orm-options';

/** The runtime ORM: connects as the least-privileged role. */
export function initOrm(url: string, modules: KeelModule[], poolMax = 10): Promise<MikroORM> {
  return MikroORM.init(ormOptions({ url, entities: modules.flatMap((m) => m.entities), poolMax }));
}

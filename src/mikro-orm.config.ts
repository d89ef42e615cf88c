// Read by the MikroORM CLI (migration:create): the owner connection and every module's entities.
import { ormOptions } from './db/orm-options';
import { entitiesOf } from './db/orm';
import { defaultModules } from './modules';

export default ormOptions({
  url: process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL ?? 'postgres://keel_owner@127.0.0.1:5432/keel',
  entities: entitiesOf(defaultModules),
});

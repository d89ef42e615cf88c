// The entities (write model) and the migrated database agree: MikroORM's schema diff between them,
// less what the entities deliberately leave to the migrations (listed below with the reason), is empty.
import { MikroORM } from '@mikro-orm/postgresql';
import { entitiesOf } from '../src/db/orm';
import { ormOptions } from '../src/db/orm-options';
import { dropDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { defaultModules } from '../src/modules';
import { createTestDatabase } from './support/app';
import { testEnv } from './support/env';

let db: ProvisionedDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await MikroORM.init(ormOptions({ url: db.ownerUrl, entities: entitiesOf(defaultModules), poolMax: 2 }));
});

afterAll(async () => {
  await orm?.close(true);
  if (db) await dropDatabase(testEnv().superuserUrl, db.database);
});

// Left to the migrations on purpose:
const LEFT_TO_MIGRATIONS: [RegExp, string][] = [
  // Indexes serve the read queries (plain SQL), not the entities; the migrations name them.
  [/^drop index "\w+"$/, 'index'],
  [/^alter index "\w+" rename to "\w+"$/, 'index'],
  // Check constraints and foreign keys are written (and named) in the migrations. A higher module's
  // entities hold a customer's key, not a relation to the customer entity, so they declare no foreign key.
  [/^alter table "\w+" drop constraint (if exists )?"?\w+"?$/, 'constraint'],
  // History tables order their rows by an identity column that only SQL reads.
  [/^alter table "(case_transition|retention_attempt|win_back_attempt|domain_event|feedback_transition|tier_change|points_posting|points_line)" drop column "seq"$/, 'seq'],
];

async function hasConstraint(table: string, kind: 'f' | 'u', columns: string[]): Promise<boolean> {
  const { rows } = await orm.em.getConnection().execute(
    `select array_agg(a.attname::text order by a.attname) as cols
       from pg_constraint k join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
      where k.conrelid = ?::regclass and k.contype = ? group by k.oid`,
    [table, kind],
    'all',
  ).then((r) => ({ rows: r as { cols: string[] }[] }));
  const wanted = [...columns].sort().join(',');
  return rows.some((r) => [...r.cols].sort().join(',') === wanted);
}

it('a migrated database matches the entities', async () => {
  const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
  const statements = sql.split(/;\s*\n/).map((s) => s.trim().replace(/;$/, '')).filter(Boolean);
  const drift: string[] = [];
  for (const s of statements) {
    if (LEFT_TO_MIGRATIONS.some(([re]) => re.test(s))) continue;
    // A foreign key or unique key the entities name differently: fine when the database has the same one.
    const named = /^alter table "(\w+)" add constraint "\w+" (foreign key|unique) \(([^)]+)\)/.exec(s);
    if (named && (await hasConstraint(named[1], named[2] === 'unique' ? 'u' : 'f', named[3].split(',').map((c) => c.trim().replace(/"/g, ''))))) continue;
    drift.push(s);
  }
  expect(drift).toEqual([]);
});

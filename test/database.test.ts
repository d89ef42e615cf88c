// The runtime role's privileges, and migrations under concurrency.
import pg from 'pg';
import { migrate } from '../src/db/migrate';
import { dropDatabase, provisionDatabase } from '../src/db/roles';
import { migrationsList } from '../migrations';
import { defaultModules } from '../src/modules';
import { createTestDatabase } from './support/app';
import { testEnv } from './support/env';

async function run(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the runtime role', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await dropDatabase(testEnv().superuserUrl, db.database);
  });

  it('reads and writes rows', async () => {
    await expect(run(db.runtimeUrl, 'select count(*) from customer')).resolves.toBeDefined();
  });

  it.each([
    ['create a table', 'create table intruder (id int)'],
    ['drop a table', 'drop table account'],
    ['alter a table', 'alter table customer add column intruder text'],
    ['truncate a table', 'truncate customer cascade'],
    ['create a schema', 'create schema intruder'],
    ['delete customers (nothing in Keel deletes them)', 'delete from customer'],
    ['delete accounts', 'delete from account'],
    ['create temporary tables', 'create temporary table intruder (id int)'],
  ])('cannot %s', async (_what, sql) => {
    await expect(run(db.runtimeUrl, sql)).rejects.toThrow(/permission denied|must be owner/);
  });

  it('the owner role can change the schema (so the refusals above are about privileges)', async () => {
    await expect(run(db.ownerUrl, 'create table allowed_here (id int); drop table allowed_here')).resolves.toBeDefined();
  });
});

describe('migrations', () => {
  it('two instances starting at once against one empty database migrate it once', async () => {
    const { superuserUrl, runId } = testEnv();
    const name = `keel_t_${runId}_race`;
    const db = await provisionDatabase(superuserUrl, name);
    try {
      const [a, b] = await Promise.all([migrate(db.ownerUrl), migrate(db.ownerUrl)]);
      const all = migrationsList.map((m) => m.name);
      // One instance applied every migration; the other found nothing left to do.
      expect([a, b].sort((x, y) => x.length - y.length)).toEqual([[], all]);
      const rows = (await run(db.ownerUrl, 'select name from mikro_orm_migrations order by id')) as pg.QueryResult;
      expect(rows.rows.map((r) => r.name)).toEqual(all);
    } finally {
      await dropDatabase(superuserUrl, name);
    }
  });
});

describe('a database migrated before modules owned their migrations', () => {
  it('takes the new idempotent migrations without error and ends with the same privileges', async () => {
    const db = await createTestDatabase();
    try {
      // As such a database stands: everything exists, the two newer names are not recorded, and a
      // part-way migration left delete granted on customers.
      await run(db.ownerUrl, `delete from mikro_orm_migrations where name in ('Migration20261201000100_audit_trail', 'Migration20261201000200_customer_privileges');
        grant delete on customer to keel_runtime`);
      expect(await migrate(db.ownerUrl)).toEqual(['Migration20261201000100_audit_trail', 'Migration20261201000200_customer_privileges']);
      await expect(run(db.runtimeUrl, 'delete from customer')).rejects.toThrow(/permission denied/);
      await expect(run(db.runtimeUrl, 'delete from audit_event')).rejects.toThrow(/permission denied/);
    } finally {
      await dropDatabase(testEnv().superuserUrl, db.database);
    }
  });
});

describe('the migration list', () => {
  // Databases record these names; renaming one would run it again.
  const historic = [
    'Migration20261128000100_foundation', 'Migration20261128000200_access', 'Migration20261128000300_customer_data',
    'Migration20261128000400_offboarding', 'Migration20261128000500_customer_anonymised', 'Migration20261128000600_job_runs',
    'Migration20261128000700_client_budgets', 'Migration20261128000800_customer_search', 'Migration20261128000900_book_orderings',
  ];

  it('keeps every migration name that databases have recorded', () => {
    expect(migrationsList.map((m) => m.name)).toEqual(expect.arrayContaining(historic));
  });

  it('names every migration file of the platform and of each module once, each module in its own order', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const root = `${__dirname}/..`;
    const folders = ['migrations', ...fs.readdirSync(`${root}/src/modules`).map((m) => `src/modules/${m}/migrations`)];
    const files = folders
      .filter((f) => fs.existsSync(`${root}/${f}`))
      .flatMap((f) => fs.readdirSync(`${root}/${f}`))
      .filter((f) => /^Migration\d+.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''));
    const names = migrationsList.map((m) => m.name);
    expect([...names].sort()).toEqual([...files].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const m of defaultModules) {
      const own = (m.migrations ?? []).map((x) => x.name);
      expect(own).toEqual([...own].sort());
    }
  });
});

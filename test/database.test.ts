// The runtime role's privileges, and migrations under concurrency.
import pg from 'pg';
import { migrate } from '../src/db/migrate';
import { dropDatabase, provisionDatabase } from '../src/db/roles';
import { migrationsList } from '../migrations';
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

describe('the migration list', () => {
  it('names every migration file in migrations/, in order', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const files = fs
      .readdirSync(`${__dirname}/../migrations`)
      .filter((f) => /^Migration\d+.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(migrationsList.map((m) => m.name)).toEqual(files);
  });
});

// The demo bank's retention offers: a catalogue and proposals, the same on every machine, with budgets
// that hold exactly what the open and accepted proposals reserve.
import pg from 'pg';
import { dropDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { seedDemoBank } from '../src/db/seed';
import { createTestDatabase } from './support/app';
import { testEnv } from './support/env';

const databases: ProvisionedDatabase[] = [];

async function seeded(size: number): Promise<pg.Client> {
  const db = await createTestDatabase();
  databases.push(db);
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  await client.query('begin');
  await seedDemoBank(client, { size });
  await client.query('commit');
  return client;
}

const clients: pg.Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.end();
  for (const db of databases) await dropDatabase(testEnv().superuserUrl, db.database);
});

it('seeds the same catalogue and proposals twice, with budgets that match their proposals', async () => {
  const [a, b] = await Promise.all([seeded(150), seeded(150)]);
  clients.push(a, b);
  const digest = async (c: pg.Client) =>
    (await c.query(`select ${['retention_offer', 'offer_assignment']
      .map((table) => `(select md5(string_agg(t::text, ',' order by t.id)) from ${table} t) as ${table}`)
      .join(', ')}`)).rows[0];
  const da = await digest(a);
  expect(da.offer_assignment).not.toBeNull();
  expect(da).toEqual(await digest(b));

  const kinds = await a.query('select kind from retention_offer order by kind');
  expect(kinds.rows.map((r) => r.kind)).toEqual(['BONUS_POINTS', 'CASHBACK', 'EXCLUSIVE_PRODUCT', 'FEE_WAIVER', 'RATE_DISCOUNT']);
  const statuses = await a.query('select distinct status from offer_assignment order by status');
  expect(statuses.rows.map((r) => r.status)).toEqual(['ACCEPTED', 'DECLINED', 'PROPOSED']);
  const mismatched = await a.query(
    `select o.id from retention_offer o
      where o.reserved_count <> (select count(*) from offer_assignment x where x.offer_id = o.id and x.status in ('PROPOSED','ACCEPTED'))
         or o.reserved_value <> (select coalesce(sum(value), 0) from offer_assignment x where x.offer_id = o.id and x.status in ('PROPOSED','ACCEPTED'))`,
  );
  expect(mismatched.rows).toEqual([]);
  // Only customers who consented to marketing got offers outside an exit.
  const unconsented = await a.query('select count(*)::int as n from offer_assignment x join customer c on c.id = x.customer_id where not c.marketing_consent');
  expect(unconsented.rows[0].n).toBe(0);
});

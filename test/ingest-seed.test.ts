// The demo bank grows behaviour data: FX rates, twelve months of activity per customer, and the
// derived columns computed by the same set-based statement as ingestion. Deterministic.
import pg from 'pg';
import { dropDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { seedDemoBank } from '../src/db/seed';
import { pgRunner, recomputeDerivedFields } from '../src/modules/customers/derived-fields.sql';
import { decryptNationalId } from '../src/modules/customers/national-id.crypto';
import { createTestApp, createTestDatabase, testConfig } from './support/app';
import { testEnv } from './support/env';
import { staffToken } from './support/tokens';

const TODAY = new Date('2026-11-01T00:00:00Z');
const databases: ProvisionedDatabase[] = [];

async function seeded(customers?: number): Promise<{ db: ProvisionedDatabase; ms: number }> {
  const db = await createTestDatabase();
  databases.push(db);
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    const started = Date.now();
    await client.query('begin');
    await seedDemoBank(client, { size: customers });
    await client.query('commit');
    return { db, ms: Date.now() - started };
  } finally {
    await client.end();
  }
}

async function withClient<T>(db: ProvisionedDatabase, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const db of databases) await dropDatabase(testEnv().superuserUrl, db.database);
});

it('seeds 2,000 customers with rates, twelve months of activity each and their derived columns', async () => {
  const { db, ms } = await seeded();
  process.stdout.write(`seed of 2,000 customers: ${ms} ms\n`);
  await withClient(db, async (c) => {
    const counts = (await c.query(`select (select count(*) from customer)::int as customers, (select count(*) from fx_rate)::int as rates,
      (select count(*) from activity_snapshot)::int as snapshots,
      (select count(*) from (select customer_id from activity_snapshot group by customer_id having count(*) = 12 and max(month) = '2026-10-01') x)::int as full_years`)).rows[0];
    expect(counts).toEqual({ customers: 2000, rates: 3, snapshots: 24000, full_years: 2000 });

    // The stored totals agree with an independent formulation of the conversion.
    const mismatches = await c.query(`
      select c.external_ref from customer c
      left join (
        select a.customer_id, round(sum(a.balance_minor * r.rate)) as deposits, round(sum(a.outstanding_minor * r.rate)) as debt, count(*) as open
        from account a join fx_rate r on r.currency = a.currency where a.status <> 'CLOSED' group by a.customer_id
      ) x on x.customer_id = c.id
      where (c.total_deposits_minor, c.total_debt_minor, c.open_product_count) is distinct from (coalesce(x.deposits, 0), coalesce(x.debt, 0), coalesce(x.open, 0))`);
    expect(mismatches.rows).toEqual([]);
    // Recomputing changes nothing: the seed stored what the statement computes.
    expect(await recomputeDerivedFields(pgRunner(c), { customerIds: null, now: TODAY, reportingCurrency: 'EUR' })).toBe(0);

    // Behaviour varies: some customers drift away, most are active.
    const spread = (await c.query(`select count(*) filter (where months_since_last_activity >= 2)::int as quiet,
      count(*) filter (where months_since_last_activity = 1)::int as active, count(*) filter (where balance_trend_90d_bp < -5000)::int as draining,
      count(*) filter (where balance_trend_90d_bp is null)::int as no_trend from customer`)).rows[0];
    expect(spread.quiet).toBeGreaterThan(100);
    expect(spread.active).toBeGreaterThan(1000);
    expect(spread.draining).toBeGreaterThan(100);
    expect(spread.no_trend).toBe(0);
  });

  const t = await createTestApp({ database: db });
  try {
    const res = await t.gql('{ customers(first: 1, orderBy: { field: TOTAL_DEPOSITS, direction: DESC }) { edges { node { totalDeposits { amount currency } activity { month } } } } }', {
      token: staffToken(t.config, 'ADMIN', 'admin-01', t.clock.now()),
    });
    const top = res.body.data.customers.edges[0].node;
    expect(top.totalDeposits.currency).toBe('EUR');
    expect(top.activity.map((a: { month: string }) => a.month).slice(0, 2)).toEqual(['2026-10', '2026-09']);
  } finally {
    await t.close();
  }
});

it('is deterministic: two seeds of the same size store the same rows', async () => {
  const digest = (db: ProvisionedDatabase) =>
    withClient(db, async (c) =>
      (await c.query(`select ${['customer', 'account', 'activity_snapshot', 'fx_rate']
        .map((table) => `(select md5(string_agg(t::text, ',' order by t.id)) from ${table} t) as ${table}`)
        .join(', ')}`)).rows[0],
    );
  const [a, b] = await Promise.all([seeded(150), seeded(150)]);
  const [da, db] = [await digest(a.db), await digest(b.db)];
  expect(da.activity_snapshot).not.toBeNull();
  expect(da).toEqual(db);
});

it('gives the demo customers national ids, encrypted at rest, when keys are given', async () => {
  const pii = testConfig().pii;
  const db = await createTestDatabase();
  databases.push(db);
  await withClient(db, async (c) => {
    await c.query('begin');
    await seedDemoBank(c, { size: 20, pii });
    await c.query('commit');
    const { rows } = await c.query('select id, national_id_enc from customer');
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      expect(r.national_id_enc).toMatch(/^dev\./);
      expect(decryptNationalId(pii, r.national_id_enc, r.id)).toMatch(/^[A-Z]{2} \d{2} \d{2} \d{2} [A-D]$/);
    }
  });
});

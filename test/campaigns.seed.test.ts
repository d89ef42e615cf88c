// The demo bank's finished campaign: the same on every run of the seed, split as launchCampaign splits
// (md5 of campaign and customer), no customer without consent in it, and results over the API that show
// the uplift its story was written with.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { ManualClock } from '../src/clock';
import { seedDemoBank } from '../src/db/seed';
import { createTestApp, createTestDatabase, type TestApp } from './support/app';
import { staffToken } from './support/tokens';

const TODAY = new Date('2026-11-01T00:00:00Z');
let t: TestApp;

beforeAll(async () => {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  await client.query('begin');
  await seedDemoBank(client, { size: 1500, today: TODAY });
  await client.query('commit');
  await client.end();
  t = await createTestApp({ database: db, ownsDatabase: true, clock: new ManualClock(TODAY) });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

it('seeds one closed campaign, split by the md5 rule, with consenting customers only and a visible uplift', async () => {
  const { rows } = await t.sql.query(`select id, holdout_percent, state from campaign`);
  expect(rows).toHaveLength(1);
  expect(rows[0].state).toBe('CLOSED');
  const assignments = (await t.sql.query('select customer_id, arm from campaign_assignment where campaign_id = $1', [rows[0].id])).rows;
  expect(assignments.length).toBeGreaterThan(50);
  for (const a of assignments) {
    const held = parseInt(createHash('md5').update(`${rows[0].id}:${a.customer_id}`).digest('hex').slice(0, 8), 16) % 10000 < rows[0].holdout_percent * 100;
    expect(a.arm).toBe(held ? 'HOLDOUT' : 'TREATMENT');
  }
  const unconsented = await t.sql.query('select count(*)::int as n from campaign_assignment ca join customer c on c.id = ca.customer_id where not c.marketing_consent');
  expect(unconsented.rows[0].n).toBe(0);
  const holdoutOffered = await t.sql.query(
    `select count(*)::int as n from campaign_assignment ca join campaign k on k.id = ca.campaign_id
      join offer_assignment oa on oa.customer_id = ca.customer_id and oa.offer_id = k.offer_id where ca.arm = 'HOLDOUT' and oa.proposed_at >= k.launched_at`,
  );
  expect(holdoutOffered.rows[0].n).toBe(0);

  const res = await t.gql('{ campaigns(first: 5) { edges { node { name state treated holdout results(windowDays: 60) { uplift upliftLower upliftUpper acceptance treatment { retentionRate } holdout { retentionRate } } } } } }', {
    token: staffToken(t.config, 'RETENTION_ANALYST', undefined, t.clock.now()),
  });
  expect(res.body.errors).toBeUndefined();
  const results = res.body.data.campaigns.edges[0].node.results;
  expect(results.uplift).toBeGreaterThan(0.03);
  expect(results.acceptance).toBeGreaterThan(0.2);
  expect(results.upliftLower).toBeLessThan(results.uplift);
  expect(results.upliftUpper).toBeGreaterThan(results.uplift);
});

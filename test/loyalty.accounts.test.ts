// Loyalty accounts: enrolment one at a time and in batches, tiers re-evaluated by one set-based
// statement with their history, thresholds validated at start, Customer.loyaltyAccount batched, the
// customer attributes as of a date, and the demo seed.
import { randomUUID } from 'node:crypto';
import { seedDemoBank } from '../src/db/seed';
import { toGlobalId } from '../src/graphql/relay';
import { contributionsOf, type CustomerAttribute } from '../src/module';
import { defaultModules } from '../src/modules';
import { runTierJob } from '../src/modules/loyalty/loyalty.jobs';
import { createTestApp, createTestDatabase, endPool, ownerPool, testConfig, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { Loyalty } from './support/loyalty';
import { countStatements } from './support/sql-counter';
import { initOrm } from '../src/db/orm';
import { dropDatabase } from '../src/db/roles';
import { testEnv } from './support/env';

let t: TestApp;
let l: Loyalty;

beforeAll(async () => {
  t = await createTestApp({ env: { LOYALTY_TIER_THRESHOLDS: 'SILVER=100,GOLD=500,PLATINUM=2000' } });
  l = await new Loyalty(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const codes = (out: { userErrors: { code: string }[] }) => out.userErrors.map((e) => e.code);

describe('enrolment', () => {
  it('enrols a customer at BRONZE with a history line; enrolling again returns the same account', async () => {
    const c = await createCustomer(t.sql, { rmId: l.rm.id });
    const first = await l.ok('enrollCustomer', { customerId: toGlobalId('Customer', c.id) });
    expect(first.loyaltyAccount).toMatchObject({ status: 'ACTIVE', tier: 'BRONZE', pointsBalance: 0 });
    const again = await l.ok('enrollCustomer', { customerId: toGlobalId('Customer', c.id) });
    expect(again.loyaltyAccount.id).toBe(first.loyaltyAccount.id);
    const history = await t.gql(`query($id: ID!) { loyaltyAccount(id: $id) { tierHistory { edges { node { fromTier toTier reason } } } customer { id } } }`, {
      token: l.admin, variables: { id: first.loyaltyAccount.id },
    });
    expect(history.body.data.loyaltyAccount.tierHistory.edges.map((e: { node: unknown }) => e.node)).toEqual([{ fromTier: null, toTier: 'BRONZE', reason: 'Enrolled' }]);
    expect(history.body.data.loyaltyAccount.customer.id).toBe(toGlobalId('Customer', c.id));
    const exited = await createCustomer(t.sql, { status: 'EXITED' });
    const refused = await l.mutate('enrollCustomer', { customerId: toGlobalId('Customer', exited.id) });
    expect(codes(refused)).toEqual(['CUSTOMER_NOT_ACTIVE']);
  });

  it('enrols a batch of 1,000 (ids and external references) all or nothing; a replay enrols no one', async () => {
    const ids: string[] = [];
    const refs: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const key = randomUUID();
      const ref = `B-${randomUUID().slice(0, 12)}`;
      ids.push(key);
      refs.push(ref);
    }
    await t.sql.query(
      `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, status, total_deposits_minor)
       select id, now(), now(), ref, 'Batch', 'Member', now(), 'ACTIVE', 0 from unnest($1::uuid[], $2::text[]) as x(id, ref)`,
      [ids, refs],
    );
    const batch = ids.map((id, i) => (i % 2 ? refs[i] : toGlobalId('Customer', id)));

    // One unknown reference: nothing is enrolled, and the error says where.
    const bad = [...batch.slice(0, 999), 'NO-SUCH-REF'];
    const refused = await l.mutate('enrollCustomers', { customers: bad });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_CUSTOMER', field: ['input', 'customers', '999'] })]);
    const none = await t.sql.query('select count(*)::int as n from loyalty_account where customer_id = any($1::uuid[])', [ids]);
    expect(none.rows[0].n).toBe(0);

    const { result, statements } = await countStatements(() => l.mutate('enrollCustomers', { customers: batch }));
    expect(codes(result)).toEqual([]);
    expect(result.enrolled).toBe(1000);
    expect(result.loyaltyAccounts).toHaveLength(1000);
    // Set-based: a handful of statements for a thousand customers, not one per customer.
    expect(statements.length).toBeLessThan(20);

    const replay = await l.ok('enrollCustomers', { customers: batch });
    expect(replay.enrolled).toBe(0);
    expect(replay.loyaltyAccounts.map((a: { id: string }) => a.id)).toEqual(result.loyaltyAccounts.map((a: { id: string }) => a.id));
    const audit = await t.sql.query(`select count(*)::int as n from audit_event where action = 'loyalty.enrolled' and customer_id = any($1::uuid[])`, [ids]);
    expect(audit.rows[0].n).toBe(1000);
  });

  it('refuses an empty batch, more than 1,000, duplicates, and customers outside an RM\'s book', async () => {
    const tooMany = await l.mutate('enrollCustomers', { customers: Array.from({ length: 1001 }, (_, i) => `X-${i}`) });
    expect(codes(tooMany)).toEqual(['INVALID']);
    const empty = await l.mutate('enrollCustomers', { customers: [] });
    expect(codes(empty)).toEqual(['INVALID']);
    const c = await createCustomer(t.sql, { rmId: l.rm.id });
    const dup = await l.mutate('enrollCustomers', { customers: [c.externalRef, toGlobalId('Customer', c.id)] });
    expect(codes(dup)).toEqual(['INVALID']);
    const other = await createCustomer(t.sql, { rmId: l.otherRm.id });
    const rm = l.token('RELATIONSHIP_MANAGER', 'rm-01');
    const outside = await l.mutate('enrollCustomers', { customers: [c.externalRef, other.externalRef] }, rm);
    expect(outside.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_CUSTOMER', field: ['input', 'customers', '1'] })]);
    const hostile = await l.mutate('enrollCustomers', { customers: ["' or 1=1 --", 'x'.repeat(101), `${c.externalRef}%`] });
    expect(hostile.errors).toBeUndefined();
    expect(hostile.userErrors.length).toBeGreaterThan(0);
    const nul = await l.mutate('enrollCustomers', { customers: ['\u0000'] });
    expect(nul.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.sql.query('select count(*)::int as n from loyalty_account where customer_id = $1', [c.id])).rows[0].n).toBe(0);
    const ok = await l.ok('enrollCustomers', { customers: [c.externalRef] }, rm);
    expect(ok.enrolled).toBe(1);
  });
});

describe('tiers', () => {
  it('one statement re-evaluates every tier from the 12 months\' earnings and writes the history of those that change', async () => {
    const silver = await l.member(150);
    const gold = await l.member(700);
    const stays = await l.member(20);
    const { result, statements } = await countStatements(() => runTierJob({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config }));
    const work = statements.filter((s) => !/^\s*(begin|commit|rollback)/i.test(s));
    expect(work).toHaveLength(1);
    expect(result.changed).toBeGreaterThanOrEqual(2);
    const tiers = await t.sql.query('select id, tier from loyalty_account where id = any($1::uuid[])', [[silver.accountKey, gold.accountKey, stays.accountKey]]);
    const tierOf = Object.fromEntries(tiers.rows.map((r) => [r.id, r.tier]));
    expect([tierOf[silver.accountKey], tierOf[gold.accountKey], tierOf[stays.accountKey]]).toEqual(['SILVER', 'GOLD', 'BRONZE']);
    const history = await t.sql.query('select from_tier, to_tier, reason, points_earned_12m::int as earned from tier_change where account_id = $1 order by seq', [gold.accountKey]);
    expect(history.rows[1]).toMatchObject({ from_tier: 'BRONZE', to_tier: 'GOLD', earned: 700 });
    expect(history.rows[1].reason).toMatch(/^Upgraded: 700 points earned in the 12 months to \d{4}-\d{2}-\d{2}$/);

    // Running again changes nothing; a year later, with nothing earned, both go down to BRONZE.
    expect((await runTierJob({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config })).changed).toBe(0);
    const later = new Date(t.clock.now().getTime() + 366 * 86_400_000);
    await runTierJob({ em: t.orm.em.fork(), now: later, config: t.config });
    const down = await t.sql.query('select to_tier, reason from tier_change where account_id = $1 order by seq desc limit 1', [gold.accountKey]);
    expect(down.rows[0].to_tier).toBe('BRONZE');
    expect(down.rows[0].reason).toMatch(/^Downgraded: 0 points/);
    const audit = await t.sql.query(`select count(*)::int as n from audit_event where action = 'loyalty.tier_changed' and entity_id = $1`, [gold.accountKey]);
    expect(audit.rows[0].n).toBe(2);
  });

  it.each([
    ['SILVER=100,GOLD=50,PLATINUM=2000'],
    ['SILVER=100,GOLD=500'.replace('GOLD', 'GOLDEN')],
    ['SILVER=-1,GOLD=5,PLATINUM=6'],
    ['SILVER=1,SILVER=2'],
  ])('refuses tier thresholds %s at start', async (value) => {
    await expect(createTestApp({ env: { LOYALTY_TIER_THRESHOLDS: value } })).rejects.toThrow(/LOYALTY_TIER_THRESHOLDS/);
  });
});

describe('reads', () => {
  it('Customer.loyaltyAccount adds exactly one SQL statement to a list of customers, whatever the page size', async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    await t.sql.query(
      `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, status, total_deposits_minor)
       select id, now(), now(), 'P-' || id, 'Paged', 'Member', now(), 'ACTIVE', 0 from unnest($1::uuid[]) as x(id)`,
      [ids],
    );
    await l.ok('enrollCustomers', { customers: ids.map((id) => toGlobalId('Customer', id)) });
    const token = l.token('RETENTION_ANALYST');
    const q = (n: number, withLoyalty: boolean) =>
      `{ customers(first: ${n}, filter: { search: "Paged" }) { edges { node { id ${withLoyalty ? 'loyaltyAccount { id tier pointsBalance status }' : ''} } } } }`;
    for (const n of [10, 100]) {
      const without = await countStatements(() => t.gql(q(n, false), { token }));
      const withIt = await countStatements(() => t.gql(q(n, true), { token }));
      expect(withIt.result.body.data.customers.edges).toHaveLength(n);
      expect(withIt.result.body.data.customers.edges.every((e: { node: { loyaltyAccount: unknown } }) => e.node.loyaltyAccount)).toBe(true);
      expect(withIt.statements.length - without.statements.length).toBe(1);
    }
  });

  it('an RM sees the loyalty accounts of their own book only', async () => {
    const mine = await l.member(5);
    const theirs = await l.member(5, l.otherRm);
    const rm = l.token('RELATIONSHIP_MANAGER', 'rm-01');
    const q = `query($id: ID!) { loyaltyAccount(id: $id) { id pointsBalance } }`;
    expect((await t.gql(q, { token: rm, variables: { id: mine.accountId } })).body.data.loyaltyAccount.pointsBalance).toBe(5);
    expect((await t.gql(q, { token: rm, variables: { id: theirs.accountId } })).body.errors[0].extensions.code).toBe('NOT_FOUND');
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { token: rm, variables: { id: theirs.accountId } });
    expect(node.body.data.node).toBeNull();
    const entries = await t.gql(`query($id: ID!) { loyaltyAccount(id: $id) { entries { edges { node { id } } } } }`, { token: rm, variables: { id: mine.accountId } });
    const entryId = entries.body.data.loyaltyAccount.entries.edges[0].node.id;
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { token: l.token('RELATIONSHIP_MANAGER', 'rm-02'), variables: { id: entryId } })).body.data.node).toBeNull();
  });
});

describe('customer attributes', () => {
  const attribute = (name: string): CustomerAttribute => contributionsOf(defaultModules, 'customerAttributes').find((a) => a.name === name)!;
  async function valueOf(name: string, asOf: Date, customerKey: string): Promise<unknown> {
    const knex = t.orm.em.getKnex();
    const row = await knex('customer as c').select({ v: attribute(name).sql(knex, asOf) }).where('c.id', customerKey).first();
    return row.v;
  }

  it('tier, balance, trend and downgrade, each as of a date from the rows that existed then', async () => {
    expect(contributionsOf(defaultModules, 'customerAttributes').filter((a) => a.name.startsWith('loyalty.')).map((a) => [a.name, a.type])).toEqual([
      ['loyalty.tier', 'text'], ['loyalty.pointsBalance', 'number'], ['loyalty.pointsTrend', 'number'], ['loyalty.tierDowngraded', 'boolean'],
      ['loyalty.offersDeclined90d', 'number'], ['loyalty.offersAccepted90d', 'number'],
    ]);
    const t0 = t.clock.now();
    const m = await l.member(150); // earned at t0
    const month = 30 * 86_400_000;
    const at = (months: number) => new Date(t0.getTime() + months * month);
    await runTierJob({ em: t.orm.em.fork(), now: at(0.1), config: t.config }); // SILVER
    t.clock.set(at(4));
    await l.ok('earnPoints', { accountId: m.accountId, amount: 40, idempotencyKey: randomUUID() });
    await l.ok('redeemPoints', { accountId: m.accountId, amount: 90, idempotencyKey: randomUUID() });
    await runTierJob({ em: t.orm.em.fork(), now: at(13), config: t.config }); // 40 earned in the 12 months: BRONZE

    const before = new Date(t0.getTime() - 1000);
    expect(await valueOf('loyalty.tier', before, m.customerKey)).toBeNull();
    expect(await valueOf('loyalty.pointsBalance', before, m.customerKey)).toBeNull();
    expect(await valueOf('loyalty.tier', at(1), m.customerKey)).toBe('SILVER');
    expect(await valueOf('loyalty.pointsBalance', at(1), m.customerKey)).toBe(150);
    expect(await valueOf('loyalty.pointsBalance', at(5), m.customerKey)).toBe(100);
    // The 3 months to month 5 earned 40; the 3 months before them, 150.
    expect(await valueOf('loyalty.pointsTrend', at(5), m.customerKey)).toBe(40 - 150);
    expect(await valueOf('loyalty.pointsTrend', at(2), m.customerKey)).toBe(150);
    expect(await valueOf('loyalty.tierDowngraded', at(12), m.customerKey)).toBe(false);
    expect(await valueOf('loyalty.tier', at(14), m.customerKey)).toBe('BRONZE');
    expect(await valueOf('loyalty.tierDowngraded', at(14), m.customerKey)).toBe(true);
    expect(await valueOf('loyalty.tierDowngraded', at(20), m.customerKey)).toBe(false);
  });
});

describe('the demo bank', () => {
  it('enrols most customers with two years of entries, balanced, never negative, tiers as the job computes them, the same on every seed', async () => {
    const dbs = [await createTestDatabase(), await createTestDatabase()];
    const pools = dbs.map((d) => ownerPool(d.ownerUrl));
    try {
      const today = new Date('2026-11-30T00:00:00Z');
      for (const pool of pools) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await seedDemoBank(client, { size: 150, today });
          await client.query('commit');
        } finally {
          client.release();
        }
      }
      const [a, b] = pools;
      const stats = (await a.query(`select (select count(*) from loyalty_account)::int as accounts, (select count(*) from customer where status = 'ACTIVE')::int as active,
        (select count(*) from points_posting where kind = 'EXPIRE')::int as expiries, (select count(*) from points_posting where kind = 'REDEEM')::int as redemptions,
        (select min(posted_at) from points_posting) as first, (select coalesce(sum(amount), 0)::int from points_line) as total`)).rows[0];
      expect(stats.accounts).toBeGreaterThan(stats.active * 0.6);
      expect(stats.expiries).toBeGreaterThan(0);
      expect(stats.redemptions).toBeGreaterThan(0);
      expect(stats.total).toBe(0);
      expect(new Date(stats.first).getTime()).toBeLessThan(today.getTime() - 22 * 30 * 86_400_000);
      const negative = await a.query(`select count(*)::int as n from (select sum(delta) over (partition by account_id order by seq) as running from points_posting) x where running < 0`);
      expect(negative.rows[0].n).toBe(0);
      const dump = async (p: typeof a) => (await p.query(`select p.id, p.kind, p.amount, p.posted_at, a.customer_id, a.tier from points_posting p join loyalty_account a on a.id = p.account_id order by p.id`)).rows;
      expect(await dump(b)).toEqual(await dump(a));

      // The tiers are those the daily job computes from the same ledger: it changes nothing.
      const orm = await initOrm(dbs[0].ownerUrl, defaultModules, 2);
      try {
        expect((await runTierJob({ em: orm.em.fork(), now: today, config: testConfig() })).changed).toBe(0);
      } finally {
        await orm.close(true);
      }
    } finally {
      for (const p of pools) await endPool(p);
      for (const d of dbs) await dropDatabase(testEnv().superuserUrl, d.database);
    }
  });
});


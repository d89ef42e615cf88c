// The set-based form of the customer attributes (one pass per group, joined once) gives every customer
// exactly what the per-customer form gives, for every attribute that has both, at two snapshot dates; on
// the demo bank (activity, products, complaints with their handling, NPS answers, answered offers) and on
// customers at the edges (nothing recorded; everything recorded after the date).
import { randomUUID } from 'node:crypto';
import { contributionsOf, type CustomerAttribute } from '../src/module';
import type { ProvisionedDatabase } from '../src/db/roles';
import { defaultModules } from '../src/modules';
import { featuresQuery } from '../src/modules/risk/risk.features';
import { BATCH_RANGES, rescore } from '../src/modules/risk/risk.scoring';
import { createSeededTestDatabase, createTestApp, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { countStatements } from './support/sql-counter';

const TODAY = new Date('2026-11-01T00:00:00Z');
const DATES = [new Date('2026-06-15T00:00:00Z'), new Date('2026-10-01T00:00:00Z')];
let db: ProvisionedDatabase;
let t: TestApp;
let grouped: CustomerAttribute[];
let empty: string;
let late: string;

beforeAll(async () => {
  db = await createSeededTestDatabase({ size: 300, today: TODAY });
  t = await createTestApp({ database: db, ownsDatabase: true });
  grouped = contributionsOf(defaultModules, 'customerAttributes').filter((a) => a.group && a.groupSql);
  // A customer with nothing recorded, and one whose activity and account all come after both dates.
  empty = (await createCustomer(t.sql, { joinedAt: new Date('2020-01-01T00:00:00Z') })).id;
  late = (await createCustomer(t.sql, { joinedAt: new Date('2020-01-01T00:00:00Z') })).id;
  await t.sql.query(
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited, as_of)
     values ($1, now(), now(), $2, '2026-11-01', 5, 1000, 5000, 'EUR', 3, true, now())`,
    [randomUUID(), late],
  );
  await t.sql.query(
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, status, opened_at, closed_at)
     values ($1, now(), now(), $2, $3, 'CURRENT', 'EUR', 'OPEN', '2026-10-20', null)`,
    [randomUUID(), late, `A-${randomUUID()}`],
  );
  // A customer drifting away: no transactions since March 2026, products closed before each date.
  const drifting = (await createCustomer(t.sql, { joinedAt: new Date('2020-01-01T00:00:00Z') })).id;
  await t.sql.query(
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited, as_of)
     select gen_random_uuid(), now(), now(), $1, m::date, case when m < '2026-03-01' then 20 else 0 end, 1000, 5000, 'EUR', 2, m < '2026-03-01', now()
       from generate_series('2025-06-01'::date, '2026-09-01'::date, interval '1 month') m`,
    [drifting],
  );
  for (const closed of ['2026-05-20', '2026-09-10', null]) {
    await t.sql.query(
      `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, status, opened_at, closed_at)
       values ($1, now(), now(), $2, $3, 'CURRENT', 'EUR', $4, '2021-01-01', $5)`,
      [randomUUID(), drifting, `A-${randomUUID()}`, closed ? 'CLOSED' : 'OPEN', closed],
    );
  }
  // Their complaints: one in May 2026 resolved in July (open at the first date, resolved at the second), one in
  // September still open; and a detractor's survey answer in April.
  const feedback = async (kind: string, receivedAt: string, nps: number | null, resolvedAt: string | null) => {
    const id = randomUUID();
    const complaint = kind === 'COMPLAINT';
    await t.sql.query(
      `insert into feedback (id, created_at, updated_at, customer_id, channel, kind, nps, status, severity, received_at, acknowledge_by, resolve_by, resolved_at)
       values ($1, $4, $4, $2, 'PHONE', $3, $5, $6, 'MEDIUM', $4, $7, $7, $8)`,
      [id, drifting, kind, receivedAt, nps, resolvedAt ? 'RESOLVED' : 'OPEN', complaint ? '2027-01-01' : null, resolvedAt],
    );
    if (resolvedAt) {
      await t.sql.query(
        `insert into feedback_transition (id, feedback_id, transition, from_status, to_status, actor_kind, actor_id, occurred_at)
         values ($1, $2, 'resolve', 'OPEN', 'RESOLVED', 'staff', 'staff-1', $3)`,
        [randomUUID(), id, resolvedAt],
      );
    }
  };
  await feedback('COMPLAINT', '2026-05-01T10:00:00Z', null, '2026-07-01T10:00:00Z');
  await feedback('COMPLAINT', '2026-09-03T10:00:00Z', null, null);
  await feedback('SATISFACTION_SURVEY', '2026-04-02T10:00:00Z', 3, null);
  // A retention offer of the demo bank they accepted in April 2026 and declined in May.
  const offer = (await t.sql.query('select id from retention_offer order by id limit 1')).rows[0].id;
  await t.sql.query(
    `insert into offer_assignment (id, offer_id, customer_id, value, proposed_by, proposed_at, expires_at, status, answered_at, answered_by)
     values ($1, $2, $3, 100, 'staff-1', '2026-05-10', '2026-06-10', 'DECLINED', '2026-05-20', 'customer'),
            ($4, $2, $3, 100, 'staff-1', '2026-03-10', '2026-04-10', 'ACCEPTED', '2026-04-01', 'customer')`,
    [randomUUID(), offer, drifting, randomUUID()],
  );
}, 180_000);
afterAll(async () => {
  await t?.close();
});

it('the activity, products, feedback and offer attributes declare a set-based form', () => {
  const groups = new Set(grouped.map((a) => a.group));
  expect([...groups].sort()).toEqual(['customers.activity', 'customers.products', 'feedback', 'loyalty.offerAnswers']);
  expect(grouped.map((a) => a.name)).toEqual(expect.arrayContaining([
    'customers.monthsSinceLastActivity', 'customers.balanceTrend3m', 'customers.balanceTrend6m', 'customers.transactionsVsBaseline',
    'customers.digitalLoginsTrend', 'customers.salaryCredited', 'customers.salaryStopped', 'customers.productsHeld',
    'customers.productsChange6m', 'customers.productsClosed90d', 'feedback.complaints90d', 'feedback.detractor',
    'feedback.unresolvedComplaintAgeDays', 'loyalty.offersDeclined90d',
  ]));
});

it.each(DATES.map((d) => [d.toISOString().slice(0, 10), d] as const))(
  'as of %s, the set-based form and the per-customer form agree for every customer and attribute',
  async (_label, date) => {
    const knex = t.orm.em.getKnex();
    const perCustomer = (await featuresQuery(knex, grouped, date, undefined, false).orderBy('c.id')) as Record<string, unknown>[];
    const { result: set, statements } = await countStatements(
      async () => (await featuresQuery(knex, grouped, date, undefined, true).orderBy('c.id')) as Record<string, unknown>[],
    );
    expect(statements).toHaveLength(1);
    // The set form really joins the groups: no per-customer subquery over the sources is left in it.
    expect(statements[0]).not.toMatch(/customer_id = c\.id/);
    expect(set.length).toBe(perCustomer.length);
    expect(set.length).toBeGreaterThan(300);
    expect(set).toEqual(perCustomer);
    // The fixture exercises every attribute: each has a customer with a value other than none or zero.
    for (const a of grouped) expect([a.name, set.some((r) => r[a.name] !== null && r[a.name] !== 0)]).toEqual([a.name, true]);
    // The edges: nothing recorded, or only later.
    for (const id of [empty, late]) {
      const row = set.find((r) => r.customer_id === id)!;
      expect(row['customers.productsHeld']).toBe(0);
      expect(row['customers.salaryCredited']).toBe(0);
      expect(row['customers.monthsSinceLastActivity']).toBeNull();
      expect(row['feedback.complaints90d']).toBe(0);
      expect(row['feedback.detractor']).toBeNull();
    }
  },
  60_000,
);

it('batch rescoring reads the groups once each; a rescore of a few customers agrees with it', async () => {
  const knex = t.orm.em.getKnex();
  const { statements } = await countStatements(() => rescore(knex, defaultModules, { asOf: DATES[1], triggeredBy: 'BATCH' }));
  // The model, then per range a transaction: begin, its memory, the scoring statement, commit.
  expect(statements.length).toBe(1 + 4 * BATCH_RANGES);
  const scoring = statements.filter((sql) => /insert into risk_current_score/.test(sql));
  expect(scoring).toHaveLength(BATCH_RANGES);
  for (const sql of scoring) expect(sql).not.toMatch(/customer_id = c\.id/);
  const batch = new Map((await t.sql.query('select customer_id, logit, feature_values, contributions from risk_current_score')).rows.map((r) => [r.customer_id, r]));
  expect(batch.size).toBeGreaterThan(200);
  const some = [...batch.keys()].slice(0, 40);
  // Their current scores go, so that the rescore of a few writes them again (from the same values it would keep them).
  await t.sql.query('delete from risk_current_score where customer_id = any($1)', [some]);
  await rescore(knex, defaultModules, { asOf: DATES[1], triggeredBy: 'TEST', customerKeys: some });
  const one = (await t.sql.query('select customer_id, logit, feature_values, contributions from risk_current_score where customer_id = any($1)', [some])).rows;
  expect(one).toHaveLength(some.length);
  for (const r of one) {
    expect(r.logit).toBeCloseTo(batch.get(r.customer_id)!.logit, 12);
    expect(r.feature_values).toEqual(batch.get(r.customer_id)!.feature_values);
    expect(r.contributions).toEqual(batch.get(r.customer_id)!.contributions);
  }
});

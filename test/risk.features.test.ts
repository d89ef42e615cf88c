// Churn-risk features: every numeric customer attribute, for all customers as of a snapshot date, in
// one statement; and what was added after the date never changes the date's features (no leakage).
import { randomUUID } from 'node:crypto';
import { contributionsOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { computeFeatures, featureAttributes, isProtected } from '../src/modules/risk/risk.features';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { countStatements } from './support/sql-counter';

let t: TestApp;
const SNAPSHOT = new Date('2025-07-10T00:00:00Z');

async function activity(customerId: string, month: string, tx: number, balance: number, logins: number, salary: boolean) {
  await t.sql.query(
    `insert into activity_snapshot (id, created_at, updated_at, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited, as_of)
     values ($1, now(), now(), $2, $3, $4, 1000, $5, 'EUR', $6, $7, now())`,
    [randomUUID(), customerId, month, tx, balance, logins, salary],
  );
}

async function account(customerId: string, openedAt: string, closedAt: string | null) {
  await t.sql.query(
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, status, opened_at, closed_at)
     values ($1, now(), now(), $2, $3, 'CURRENT', 'EUR', $4, $5, $6)`,
    [randomUUID(), customerId, `A-${randomUUID()}`, closedAt ? 'CLOSED' : 'OPEN', openedAt, closedAt],
  );
}

let leaving: string;
let steady: string;

beforeAll(async () => {
  t = await createTestApp();
  leaving = (await createCustomer(t.sql, { joinedAt: new Date('2020-03-01T00:00:00Z') })).id;
  steady = (await createCustomer(t.sql, { joinedAt: new Date('2024-12-15T00:00:00Z') })).id;
  // Twelve complete months before July 2025: the leaving customer drains the balance, stops transacting,
  // logs in less, and the salary stops in April.
  for (let i = 0; i < 12; i++) {
    const month = `${i < 6 ? 2024 : 2025}-${String(((i + 6) % 12) + 1).padStart(2, '0')}-01`;
    const late = i >= 9; // April, May, June 2025
    await activity(leaving, month, late ? 6 : 30, i >= 6 ? (late ? 1000 : 5000) : 10000, late ? 1 : 10, !late);
    await activity(steady, month, 20, 8000, 5, true);
  }
  await account(leaving, '2021-01-01', null);
  await account(leaving, '2021-01-01', '2025-06-20');
  await account(leaving, '2021-01-01', '2025-03-01');
  await account(steady, '2024-12-15', null);
  await account(steady, '2025-03-01', null);
});

afterAll(async () => {
  await t?.close();
});

it('the customers module contributes the behaviour features, each numeric or a yes/no, none protected', () => {
  const names = featureAttributes(defaultModules).map((a) => a.name);
  expect(names).toEqual(expect.arrayContaining([
    'customers.tenureMonths', 'customers.monthsSinceLastActivity', 'customers.ageBand', 'customers.productsHeld',
    'customers.productsChange6m', 'customers.productsClosed90d', 'customers.balanceTrend3m', 'customers.balanceTrend6m',
    'customers.transactionsVsBaseline', 'customers.digitalLoginsTrend', 'customers.salaryCredited', 'customers.salaryStopped',
  ]));
  for (const a of contributionsOf(defaultModules, 'customerAttributes')) expect(a.description.length).toBeGreaterThan(20);
  expect(isProtected('loyalty.gender')).toBe(true);
  expect(isProtected('x.nationalityCode')).toBe(true);
  expect(isProtected('customers.ageBand')).toBe(false);
});

it('computes every feature for all customers as of the snapshot in one statement', async () => {
  const { result, statements } = await countStatements(() => computeFeatures(t.orm.em.getKnex(), defaultModules, SNAPSHOT));
  expect(statements).toHaveLength(1);
  const byId = new Map(result.map((r) => [r.customer_id, r]));
  const l = byId.get(leaving)!;
  expect(l['customers.tenureMonths']).toBe(64);
  expect(l['customers.ageBand']).toBe(2); // born 1980-04-02: 45 in July 2025, in the band 35..49
  expect(l['customers.productsHeld']).toBe(1);
  expect(l['customers.productsChange6m']).toBe(-2);
  expect(l['customers.productsClosed90d']).toBe(1);
  // Last three months (Apr-Jun) average 1000 against 5000 before: down 80%.
  expect(l['customers.balanceTrend3m']).toBeCloseTo(-0.8, 12);
  // Last six (Jan-Jun: 3×5000 + 3×1000) against the six before (10000): down 70%.
  expect(l['customers.balanceTrend6m']).toBeCloseTo(-0.7, 12);
  // June's 6 transactions against the mean of Dec-May (3×30 + 2×6 + ... ) baseline.
  expect(l['customers.transactionsVsBaseline']).toBeCloseTo(6 / ((30 * 4 + 6 * 2) / 6) - 1, 12);
  expect(l['customers.digitalLoginsTrend']).toBeCloseTo(-0.9, 12);
  expect(l['customers.salaryCredited']).toBe(0);
  expect(l['customers.salaryStopped']).toBe(1);
  const s = byId.get(steady)!;
  expect(s['customers.tenureMonths']).toBe(6);
  expect(s['customers.productsHeld']).toBe(2);
  expect(s['customers.productsChange6m']).toBe(1); // one held in January, two now
  expect(s['customers.balanceTrend3m']).toBeCloseTo(0, 12);
  expect(s['customers.transactionsVsBaseline']).toBeCloseTo(0, 12);
  expect(s['customers.salaryCredited']).toBe(1);
  expect(s['customers.salaryStopped']).toBe(0);
});

it('data added after the snapshot date does not change the snapshot\'s features', async () => {
  const knex = t.orm.em.getKnex();
  const before = await computeFeatures(knex, defaultModules, SNAPSHOT);
  // Activity of later months, products opened and closed later, a customer who joined later. (The
  // snapshot of the month still running at the date is counted by customers.monthsSinceLastActivity,
  // which reads months up to the date; the risk features of this module read complete months only.)
  for (const id of [leaving, steady]) {
    await activity(id, '2025-08-01', 99, 99999, 99, true);
    await activity(id, '2025-09-01', 0, 1, 0, false);
    await account(id, '2025-07-20', null);
  }
  await t.sql.query(`update account set closed_at = '2025-08-01', status = 'CLOSED' where customer_id = $1 and closed_at is null and opened_at < '2025-01-01'`, [leaving]);
  const later = (await createCustomer(t.sql, { joinedAt: new Date('2025-09-01T00:00:00Z') })).id;
  const after = await computeFeatures(knex, defaultModules, SNAPSHOT);
  const laterRow = after.find((r) => r.customer_id === later)!;
  expect(laterRow['customers.tenureMonths']).toBeNull();
  expect(laterRow['customers.productsHeld']).toBe(0);
  expect(after.filter((r) => r.customer_id !== later)).toEqual(before);
  // A later date does see it.
  const august = await computeFeatures(knex, defaultModules, new Date('2025-09-05T00:00:00Z'), [leaving]);
  expect(before.find((r) => r.customer_id === leaving)!['customers.productsClosed90d']).toBe(1);
  expect(august[0]['customers.productsClosed90d']).toBe(2);
});

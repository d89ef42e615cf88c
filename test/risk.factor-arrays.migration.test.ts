// Scores written before factors were kept as numbers come through the migration with their numbers: each
// factor's value and contribution land in the arrays at its feature's place in the model; an external
// score (no model) gets none; the reasons read afterwards are the model's words for those numbers.
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { migrationsOf } from '../migrations';
import { migrate } from '../src/db/migrate';
import { ormOptions } from '../src/db/orm-options';
import { dropDatabase, provisionDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { defaultModules } from '../src/modules';
import { DEFAULT_FEATURES_V2 } from '../src/modules/risk/risk.default-model';
import { testEnv } from './support/env';

const BEFORE = 'Migration20261201300500_risk_default_model_v2'; // the risk migration before the arrays
let db: ProvisionedDatabase;
let sql: pg.Client;

beforeAll(async () => {
  const { superuserUrl, runId } = testEnv();
  db = await provisionDatabase(superuserUrl, `keel_t_${runId}_factor_arrays`);
  const options = ormOptions({ url: db.ownerUrl, entities: [], poolMax: 2 });
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, migrationsList: migrationsOf(defaultModules) } });
  await orm.getMigrator().up({ to: BEFORE });
  await orm.close(true);
  sql = new pg.Client({ connectionString: db.ownerUrl });
  await sql.connect();
}, 120_000);
afterAll(async () => {
  await sql?.end();
  if (db) await dropDatabase(testEnv().superuserUrl, db.database);
});

it('converts every score\'s factors to arrays in its model\'s feature order', async () => {
  const model = (await sql.query(`select id, version, features from risk_model where status = 'ACTIVE'`)).rows[0];
  const names = (model.features as { name: string }[]).map((f) => f.name);
  expect(names).toEqual(DEFAULT_FEATURES_V2.map((f) => f.name));
  const customer = (await sql.query(`insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, status, total_deposits_minor, total_debt_minor)
    values (gen_random_uuid(), now(), now(), 'M-1', 'Mig', 'Ration', now(), 'ACTIVE', 0, 0) returning id`)).rows[0].id;
  // Factors as they were stored: objects in the order of size, one of them with an unknown value.
  const stored = [...names].reverse().map((name, i) => ({ feature: name, value: i === 3 ? null : i * 1.5, contribution: (i - 5) / 8, reasonEn: 'x', reasonZh: 'y' }));
  const model_score = (await sql.query(`insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, factors, triggered_by, computed_at)
    values (gen_random_uuid(), $1, $2, $3, 'MODEL', 0.4, 'MEDIUM', -0.4, $4::jsonb, 'BATCH', now()) returning id`, [customer, model.id, model.version, JSON.stringify(stored)])).rows[0].id;
  await sql.query(`insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, factors, computed_at)
    values ($1, $2, $3, $4, 0.4, 'MEDIUM', -0.4, $5::jsonb, now())`, [customer, model_score, model.id, model.version, JSON.stringify(stored)]);
  const external = (await sql.query(`insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, factors, triggered_by, computed_at)
    values (gen_random_uuid(), $1, null, null, 'Bank DS', 0.9, 'CRITICAL', null, '[]', 'EXTERNAL', now()) returning id`, [customer])).rows[0].id;

  await migrate(db.ownerUrl);

  const byName = new Map(stored.map((f) => [f.feature, f]));
  const expected = { feature_values: names.map((n) => byName.get(n)!.value), contributions: names.map((n) => byName.get(n)!.contribution) };
  const score = (await sql.query('select feature_values, contributions from risk_score where id = $1', [model_score])).rows[0];
  expect(score).toEqual(expected);
  const current = (await sql.query('select feature_values, contributions from risk_current_score where customer_id = $1', [customer])).rows[0];
  expect(current).toEqual(expected);
  expect((await sql.query('select feature_values, contributions from risk_score where id = $1', [external])).rows[0]).toEqual({ feature_values: [], contributions: [] });
  const columns = (await sql.query(`select table_name, column_name from information_schema.columns where table_name in ('risk_score', 'risk_current_score') and column_name = 'factors'`)).rows;
  expect(columns).toEqual([]);
});

it('a current score is one of the customer\'s own scores, by the same model: anything else is refused', async () => {
  const model = (await sql.query(`select id, version from risk_model where status = 'ACTIVE'`)).rows[0];
  const customer = async (ref: string) => (await sql.query(`insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, status, total_deposits_minor, total_debt_minor)
    values (gen_random_uuid(), now(), now(), $1, 'Key', 'Test', now(), 'ACTIVE', 0, 0) returning id`, [ref])).rows[0].id as string;
  const [a, b] = [await customer('K-A'), await customer('K-B')];
  const scoreOfA = (await sql.query(`insert into risk_score (id, customer_id, model_id, model_version, source, score, band, logit, triggered_by, computed_at)
    values (gen_random_uuid(), $1, $2, $3, 'MODEL', 0.4, 'MEDIUM', -0.4, 'BATCH', now()) returning id`, [a, model.id, model.version])).rows[0].id;
  const current = (who: string) => sql.query(`insert into risk_current_score (customer_id, score_id, model_id, model_version, score, band, logit, feature_values, contributions, computed_at)
    values ($1, $2, $3, $4, 0.4, 'MEDIUM', -0.4, '{}', '{}', now())`, [who, scoreOfA, model.id, model.version]);
  await expect(current(b)).rejects.toMatchObject({ code: '23503' });
  await expect(current(a)).resolves.toBeDefined();
});

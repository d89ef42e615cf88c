// npm run bench:risk: how long training a churn model and rescoring every customer take (goals: training
// on 100,000 customers × 4 snapshots within 60 s; rescoring 1,000,000 customers within 60 s). Customers,
// fifteen months of activity and exits (drifting customers leave; a few leave without warning) are
// generated in SQL. A report, not a test: it never fails on a busy machine.
// Sizes: BENCH_RISK_TRAIN_SIZE (default 100000), BENCH_RISK_SCORE_SIZES (default 100000,1000000);
// BENCH_DATABASE_URL to use a running PostgreSQL (superuser) instead of an embedded one.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { initOrm } from '../src/db/orm';
import { dropDatabase, provisionDatabase } from '../src/db/roles';
import { defaultModules } from '../src/modules';
import { DEFAULT_BANDS, DEFAULT_FEATURES_V2 } from '../src/modules/risk/risk.default-model';
import { rescore } from '../src/modules/risk/risk.scoring';
import { trainModel } from '../src/modules/risk/risk.training';
import { BENCH_POSTGRES_SETTINGS } from './postgres';

const TRAIN_SIZE = Number(process.env.BENCH_RISK_TRAIN_SIZE ?? 100_000);
const SCORE_SIZES = (process.env.BENCH_RISK_SCORE_SIZES ?? '100000,1000000').split(',').map(Number);
const NOW = new Date('2026-11-01T00:00:00Z');
const SNAPSHOTS = ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01'];
const HORIZON = 3;

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

/**
 * `size` customers with fifteen months of activity (August 2025 to October 2026). Every tenth customer
 * drifts away: three months of few transactions, falling balance and logins, no salary, then an exit;
 * 2% of the others leave without warning; a tenth of the exits are the bank's.
 */
export async function generate(client: pg.Client, size: number): Promise<void> {
  await client.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, date_of_birth, joined_at, status,
       total_deposits_minor, total_debt_minor)
     select md5('c' || i)::uuid, $2::timestamptz, $2::timestamptz, 'B-' || i, 'Bench', 'Customer ' || i, date '1950-01-01' + (i * 37 % 18000),
       $2::timestamptz - (400 + i % 4000) * interval '1 day', 'ACTIVE', (i::bigint * 7919) % 10000000, 0
     from generate_series(1, $1::int) i`,
    [size, NOW],
  );
  // exit month (offset from August 2025) of a drifting customer: 8..14 (April to October 2026).
  await client.query(
    `insert into activity_snapshot (id, created_at, updated_at, as_of, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited)
     select md5('a' || i || '-' || m)::uuid, $2, $2, $2, md5('c' || i)::uuid, (date '2025-08-01' + m * interval '1 month')::date,
       case when d and m >= e - 3 then 2 else 15 + (i + m) % 11 end, 1000,
       case when d and m >= e - 3 then greatest(0, 20000 * (e - m)) else 300000 + (i % 97) * 1000 end, 'EUR',
       case when d and m >= e - 3 then 1 else 5 + i % 9 end, not (d and m >= e - 3) and i % 3 <> 0
     from (select i, i % 10 = 0 as d, 8 + (i / 10) % 7 as e from generate_series(1, $1::int) i) c, generate_series(0, 14) m`,
    [size, NOW],
  );
  await client.query(
    `insert into risk_exit (id, created_at, customer_id, exited_at, initiator, reason, imported_by)
     select gen_random_uuid(), $2, md5('c' || i)::uuid,
       date '2025-08-01' + (case when i % 10 = 0 then 8 + (i / 10) % 7 else 8 + i % 7 end) * interval '1 month' + (i % 27) * interval '1 day',
       case when i % 100 = 50 or i % 10 = 3 then 'BANK' else 'CUSTOMER' end,
       case when i % 100 = 50 or i % 10 = 3 then null else 'FEES' end, 'bench'
     from generate_series(1, $1::int) i
     where i % 10 = 0 or (hashtext('x' || i) % 50 = 0)`,
    [size, NOW],
  );
  await client.query('analyze');
}

async function withDatabase(superuserUrl: string, label: string, size: number, fn: (ownerUrl: string, runtimeUrl: string, owner: pg.Client) => Promise<void>) {
  const name = `keel_bench_risk_${label}_${process.pid}_${size}`;
  const db = await provisionDatabase(superuserUrl, name);
  try {
    await migrate(db.ownerUrl);
    const owner = new pg.Client({ connectionString: db.ownerUrl });
    owner.on('error', () => undefined);
    await owner.connect();
    const started = Date.now();
    await generate(owner, size);
    console.log(`${size.toLocaleString('en')} customers, 15 months of activity and their exits generated in ${seconds(started)} s`);
    await fn(db.ownerUrl, db.runtimeUrl, owner);
    await owner.end();
  } catch (err) {
    console.error(err);
  } finally {
    await dropDatabase(superuserUrl, name).catch(() => undefined);
  }
}

async function benchTraining(superuserUrl: string): Promise<void> {
  await withDatabase(superuserUrl, 'train', TRAIN_SIZE, async (_ownerUrl, runtimeUrl, owner) => {
    const features = DEFAULT_FEATURES_V2.map((f) => ({ ...f, mean: 0, sd: 1, coefficient: 0 }));
    const { rows } = await owner.query(
      `insert into risk_model (id, created_at, updated_at, version, kind, description, features, intercept, band_thresholds, snapshot_dates,
         horizon_months, regularisation, training_size, holdout_size, status, trained_by)
       values (gen_random_uuid(), $1, $1, 100, 'LOGISTIC', 'bench', $2::jsonb, 0, $3::jsonb, $4::jsonb, $5, 1, 0, 0, 'TRAINING', 'bench')
       returning id`,
      [NOW, JSON.stringify(features), JSON.stringify(DEFAULT_BANDS), JSON.stringify(SNAPSHOTS), HORIZON],
    );
    const orm = await initOrm(runtimeUrl, defaultModules, 2, [], { statementTimeoutMs: 1_800_000, deadlineMs: 1_800_000 });
    const started = Date.now();
    const outcome = await trainModel(orm.em.fork(), defaultModules, rows[0].id, NOW);
    const took = seconds(started);
    const m = (await owner.query('select training_size, holdout_size, metrics from risk_model where id = $1', [rows[0].id])).rows[0];
    console.log(`  training on ${TRAIN_SIZE.toLocaleString('en')} customers × ${SNAPSHOTS.length} snapshots (${DEFAULT_FEATURES_V2.length} features): ${took} s`
      + ` → ${outcome.status}${outcome.failureReason ? ` (${outcome.failureReason})` : ''}; ${m.training_size} training rows, ${m.holdout_size} holdout rows,`
      + ` holdout AUC ${m.metrics ? Number(m.metrics.holdoutAuc).toFixed(3) : '-'}`);
    await orm.close(true);
  });
}

async function benchScoring(superuserUrl: string, size: number): Promise<void> {
  await withDatabase(superuserUrl, 'score', size, async (_ownerUrl, runtimeUrl) => {
    const orm = await initOrm(runtimeUrl, defaultModules, 2, [], { statementTimeoutMs: 1_800_000, deadlineMs: 1_800_000 });
    const runs = [
      { label: 'first (no current scores)', asOf: NOW },
      { label: 'again, the same day (nothing changed: nothing written)', asOf: new Date(NOW.getTime() + 12 * 3600_000) },
      { label: 'a month later (every score changed and replaced)', asOf: new Date('2026-12-01T00:00:00Z') },
    ];
    for (const run of runs) {
      const started = Date.now();
      const result = await rescore(orm.em.fork().getKnex(), defaultModules, { asOf: run.asOf, triggeredBy: 'BATCH' });
      console.log(`  rescoring ${size.toLocaleString('en')} customers, ${run.label}: ${seconds(started)} s`
        + ` (${result.scored.toLocaleString('en')} scored, ${result.changed.toLocaleString('en')} changed, model ${result.modelVersion})`);
    }
    await orm.close(true);
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-risk-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    settings: BENCH_POSTGRES_SETTINGS,
  });
  const superuserUrl = process.env.BENCH_DATABASE_URL ?? embedded!.superuserUrl();
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  try {
    if (TRAIN_SIZE > 0) await benchTraining(superuserUrl);
    for (const size of SCORE_SIZES.filter((s) => s > 0)) await benchScoring(superuserUrl, size);
  } finally {
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

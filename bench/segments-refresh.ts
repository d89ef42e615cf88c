// npm run bench:segments: how long refreshing a dynamic segment takes on 100,000 and 1,000,000
// customers (goal: 1,000,000 within 30 s). Customers and their monthly activity are generated in SQL;
// each rule is refreshed twice: once from empty (everyone joins), once after 5% of customers changed
// (some join, some leave). A report, not a test: it never fails on a busy machine.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { initOrm } from '../src/db/orm';
import { dropDatabase, provisionDatabase } from '../src/db/roles';
import { contributionsOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { refreshAllSegments } from '../src/modules/segments/segment.service';

const SIZES = (process.env.BENCH_SEGMENT_SIZES ?? '100000,1000000').split(',').map(Number);
const NOW = new Date('2026-11-01T00:00:00Z');

const RULES: Record<string, unknown> = {
  'region and consent': { all: [{ field: 'customers.region', op: 'IN', value: ['North', 'Capital'] }, { field: 'customers.marketingConsent', op: 'EQ', value: true }] },
  'tenure and deposits': { all: [{ field: 'customers.tenureMonths', op: 'GTE', value: 60 }, { field: 'customers.totalDeposits', op: 'GTE', value: 5_000_000 }] },
  'inactive (activity snapshots)': { field: 'customers.monthsSinceLastActivity', op: 'GTE', value: 2 },
};

async function generate(client: pg.Client, size: number): Promise<void> {
  await client.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, joined_at, region, marketing_consent, marketing_consent_at,
       status, total_deposits_minor, total_debt_minor)
     select md5('c' || i)::uuid, $2::timestamptz, $2::timestamptz, 'B-' || i, 'Bench', 'Customer ' || i, $2::timestamptz - (i % 4000) * interval '1 day',
       (array['North','South','East','West','Central','Capital'])[1 + i % 6], i % 3 = 0, case when i % 3 = 0 then $2::timestamptz - interval '1 year' end,
       'ACTIVE', (i::bigint * 7919) % 10000000, 0
     from generate_series(1, $1::int) i`,
    [size, NOW],
  );
  await client.query(
    `insert into activity_snapshot (id, created_at, updated_at, as_of, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited)
     select md5('a' || i || '-' || m)::uuid, $2, $2, $2, md5('c' || i)::uuid, (date '2026-10-01' - m * interval '1 month')::date,
       case when (i + m) % 5 = 0 then 0 else 3 end, 0, 0, 'EUR', 0, false
     from generate_series(1, $1::int) i, generate_series(0, 2) m`,
    [size, NOW],
  );
  await client.query('analyze');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-segments-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
  const superuserUrl = process.env.BENCH_DATABASE_URL ?? embedded!.superuserUrl();
  const attributes = contributionsOf(defaultModules, 'customerAttributes');
  try {
    for (const size of SIZES) {
      const name = `keel_bench_segments_${process.pid}_${size}`;
      const db = await provisionDatabase(superuserUrl, name);
      try {
        await migrate(db.ownerUrl);
        const owner = new pg.Client({ connectionString: db.ownerUrl });
        // Dropping the database at the end ends this connection too.
        owner.on('error', () => undefined);
        await owner.connect();
        let started = Date.now();
        await generate(owner, size);
        console.log(`${size.toLocaleString('en')} customers generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        // The jobs' pool as the runner has it (two connections, a statement timeout in minutes): with the
        // requests' 15 s, a refresh that took longer failed, and was reported as a time.
        const orm = await initOrm(db.runtimeUrl, defaultModules, 2, [], { statementTimeoutMs: 3_600_000, deadlineMs: 3_600_000 });
        for (const [label, rule] of Object.entries(RULES)) {
          await owner.query(`delete from segment_membership; delete from segment`);
          await owner.query(`insert into segment (id, created_at, updated_at, name, kind, rule, owner_id) values (gen_random_uuid(), $1, $1, $2, 'DYNAMIC', $3, 'bench')`,
            [NOW, label, JSON.stringify(rule)]);
          started = Date.now();
          const refreshed = (now: Date) => refreshAllSegments({ em: orm.em.fork(), now, attributes }).then((r) => {
            if (r.failed.length) throw new Error(`${label}: the refresh failed (${r.failed.join(', ')})`);
          });
          await refreshed(NOW);
          const first = (Date.now() - started) / 1000;
          await owner.query(`update customer set region = case when region = 'North' then 'South' else 'North' end,
            total_deposits_minor = total_deposits_minor + 5000000 where (hashtext(id::text) % 20) = 0`);
          started = Date.now();
          await refreshed(new Date(NOW.getTime() + 86_400_000));
          const second = (Date.now() - started) / 1000;
          const { rows } = await owner.query('select member_count from segment');
          console.log(`  ${label}: ${rows[0].member_count.toLocaleString('en')} members; refresh from empty ${first.toFixed(2)} s, after 5% changed ${second.toFixed(2)} s`);
        }
        await orm.close(true);
        await owner.end();
      } catch (err) {
        console.error(err);
      } finally {
        await dropDatabase(superuserUrl, name).catch(() => undefined);
      }
    }
  } finally {
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

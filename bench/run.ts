// npm run bench: throughput and latency of Keel's hot read path as ratios to a hand-written floor
// (one SQL statement building the whole response, served by node:http) measured in the same run, on
// the same database. A report, not a test: it never fails on a busy machine.
import 'reflect-metadata';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { createApp } from '../src/app';
import { signStaffToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { initOrm } from '../src/db/orm';
import { dropDatabase, provisionDatabase } from '../src/db/roles';
import { seedIfEmpty } from '../src/db/seed';
import { createLogger } from '../src/logger';
import { defaultModules } from '../src/modules';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PAGE = 50;

const QUERY = `{ customers(first: ${PAGE}) { edges { node { id displayName status totalDeposits { amount currency }
  accounts { id type status balance { amount currency } outstanding { amount currency } } relationshipManager { id name } } } } }`;

// The floor: the same response shape from one statement, no GraphQL, no ORM, no permission checks.
const FLOOR_SQL = `
select json_build_object('data', json_build_object('customers', json_build_object('edges', coalesce(json_agg(
  json_build_object('node', json_build_object(
    'id', c.id, 'displayName', c.first_name || ' ' || c.last_name, 'status', c.status,
    'totalDeposits', json_build_object('amount', c.total_deposits_minor::text, 'currency', 'EUR'),
    'accounts', (select coalesce(json_agg(json_build_object('id', a.id, 'type', a.type, 'status', a.status,
        'balance', json_build_object('amount', a.balance_minor::text, 'currency', a.currency),
        'outstanding', json_build_object('amount', a.outstanding_minor::text, 'currency', a.currency))
        order by a.opened_at, a.id), '[]') from account a where a.customer_id = c.id),
    'relationshipManager', (select json_build_object('id', s.id, 'name', s.name) from staff_user s where s.id = c.rm_id)))
  order by c.last_name, c.first_name, c.id), '[]')))) as body
from (select * from customer order by last_name, first_name, id limit ${PAGE}) c`;

interface Result {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/**
 * A bounded closed-loop load: CONCURRENCY clients, each sending its next request when the last answers.
 * Runs in a worker thread, so that the load does not share the servers' event loop.
 */
function load(port: number, body: string, headers: Record<string, string>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { port, body, headers }, execArgv: process.execArgv });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function loadInThisThread(port: number, body: string, headers: Record<string, string>): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + DURATION_MS;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const req = http.request(
        { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let size = 0;
          res.on('data', (d) => (size += d.length));
          res.on('end', () => {
            if (res.statusCode !== 200 || size < 100) errors += 1;
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Sends the fragment bomb a few times and reports how long Keel takes to refuse it. */
async function bombRefusal(port: number, runs = 20): Promise<{ bytes: number; code: string; limit: string; p50: number; max: number; runs: number }> {
  let query = '{ ...F0 }\n';
  for (let i = 0; i < 30; i++) query += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  query += 'fragment F30 on Query { __typename }';
  const times: number[] = [];
  let first: { errors?: { extensions?: { code?: string; limit?: string } }[] } = {};
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as typeof first;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (i === 0) first = body;
  }
  times.sort((a, b) => a - b);
  const error = first.errors?.[0]?.extensions;
  return { bytes: Buffer.byteLength(query), code: error?.code ?? 'none', limit: error?.limit ?? 'none', p50: percentile(times, 50), max: times[times.length - 1], runs };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
  const superuserUrl = process.env.BENCH_DATABASE_URL ?? embedded!.superuserUrl();
  const name = `keel_bench_${process.pid}`;
  const db = await provisionDatabase(superuserUrl, name);
  try {
    await migrate(db.ownerUrl);
    await seedIfEmpty(db.ownerUrl, { pii: loadConfig({ PII_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}` }, { warn: () => undefined }).pii });
    const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: db.runtimeUrl, JWT_SECRET: 'bench-secret-0123456789-0123456789-abcdef', PII_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`, LOG_LEVEL: 'silent', RATE_LIMIT_STAFF_POINTS: '1000000000' });
    const orm = await initOrm(db.runtimeUrl, defaultModules, 20);
    const keel = await createApp(config, { orm, logger: createLogger('silent') });
    const keelServer = http.createServer(keel.app);
    const keelPort = await listen(keelServer);
    // The same app executing with graphql-js's interpreter instead of compiled queries.
    const interpreted = await createApp({ ...config, graphqlJit: false }, { orm, logger: createLogger('silent') });
    const interpretedServer = http.createServer(interpreted.app);
    const interpretedPort = await listen(interpretedServer);
    const token = signStaffToken(config.jwt, { sub: 'analyst-01', roles: ['RETENTION_ANALYST'], expiresInSeconds: 3600 });

    const pool = new pg.Pool({ connectionString: db.runtimeUrl, max: 20 });
    const floorServer = http.createServer((req, res) => {
      req.resume();
      req.on('end', async () => {
        const { rows } = await pool.query(FLOOR_SQL);
        const text = JSON.stringify(rows[0].body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
    const floorPort = await listen(floorServer);
    const body = JSON.stringify({ query: QUERY });

    // Warm both up (JIT, pools, plans), then measure.
    await load(floorPort, body, {});
    await load(keelPort, body, { authorization: `Bearer ${token}` });
    const floor = await load(floorPort, body, {});
    const keelResult = await load(keelPort, body, { authorization: `Bearer ${token}` });
    await load(interpretedPort, body, { authorization: `Bearer ${token}` });
    const interpretedResult = await load(interpretedPort, body, { authorization: `Bearer ${token}` });

    // Keyset paging: the last page of the list costs what the first costs.
    const cursorRows = await pool.query(`select last_name, first_name, id from customer order by last_name, first_name, id offset $1 limit 1`, [Math.max(0, (await pool.query('select count(*)::int as n from customer')).rows[0].n - PAGE - 1)]);
    const r0 = cursorRows.rows[0];
    const after = Buffer.from(JSON.stringify([r0.last_name, r0.first_name, r0.id]), 'utf8').toString('base64url');
    const deepBody = JSON.stringify({ query: QUERY.replace(`customers(first: ${PAGE})`, `customers(first: ${PAGE}, after: "${after}")`) });
    const deep = await load(keelPort, deepBody, { authorization: `Bearer ${token}` });

    // A 30-level fragment bomb (about 1 KB that would expand to 2^30 selections): how long its refusal takes.
    const bomb = await bombRefusal(keelPort);

    const row = (label: string, r: Result) =>
      `| ${label} | ${r.rps.toFixed(0)} | ${(r.rps / floor.rps).toFixed(2)}× | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p50 / floor.p50).toFixed(2)}× | ${r.errors} |`;
    process.stdout.write(
      [
        `Read path: customers(first: ${PAGE}) with accounts and relationship manager, ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s each, ${os.cpus().length} cores`,
        '',
        '| server | req/s | throughput vs floor | p50 ms | p99 ms | p50 vs floor | errors |',
        '|---|---|---|---|---|---|---|',
        row('floor: node:http + one SQL statement', floor),
        row('Keel: GraphQL, permissions, cost, batched SQL', keelResult),
        row('Keel, the last page (keyset cursor)', deep),
        row('Keel with GRAPHQL_JIT=false (graphql-js)', interpretedResult),
        '',
        `Fragment bomb (30 levels, ${bomb.bytes} bytes): refused with ${bomb.code} (limit: ${bomb.limit}) in ${bomb.p50.toFixed(2)} ms (p50 of ${bomb.runs}), ${bomb.max.toFixed(2)} ms at most`,
        '',
      ].join('\n'),
    );
    await new Promise((r) => keelServer.close(r));
    await new Promise((r) => interpretedServer.close(r));
    await interpreted.stop();
    await new Promise((r) => floorServer.close(r));
    await keel.stop();
    await orm.close(true);
    await pool.end();
  } finally {
    await dropDatabase(superuserUrl, name).catch(() => undefined);
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!isMainThread) {
  const { port, body, headers } = workerData as { port: number; body: string; headers: Record<string, string> };
  void loadInThisThread(port, body, headers).then((r) => parentPort!.postMessage(r));
} else {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
    process.exit(1);
  });
}

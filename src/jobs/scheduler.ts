// Background jobs on pg-boss. Each job is a plain function of (em, now, config, modules) that tests
// call directly; here it becomes a queue worker. Every replica ticks on the app's clock and sends each
// job's run for the current period under an id derived from (job, period): the job table's primary key
// turns every send after the first into nothing, so a job runs once per period however many replicas
// tick. pg-boss retries a failed run with exponential backoff, fails a run that outlives its timeout,
// and after the last retry keeps the run as failed and copies it to the dead-letter queue.
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { JOB_QUEUE_SCHEMA } from '../../migrations/Migration20261201000300_job_queue';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Job, KeelModule } from '../module';
import { DEFAULT_JOB_INTERVAL_SECONDS, jobsOf, queueOptionsOf } from './queues';

export interface JobRunnerDeps {
  /** The runtime role's URL: pg-boss's own small pool. */
  url: string;
  /** The jobs' ORM (its own pool and statement timeout). */
  orm: MikroORM;
  modules: KeelModule[];
  config: Config;
  clock: Clock;
  log: Logger;
  /** How often an idle worker looks for work (default 2 s). */
  pollingSeconds?: number;
}

export interface JobRunner {
  boss: PgBoss;
  /** Sends the runs that are due now (what each tick does); returns the names of the jobs sent. */
  tick(): Promise<string[]>;
  stop(timeoutMs?: number): Promise<void>;
}

/** The start of the period of `every` seconds that holds `now` (periods are counted from the epoch). */
export function periodOf(now: Date, everySeconds: number): Date {
  const ms = everySeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** The run's id: the same for every replica that sends this job for this period. */
export function runIdOf(name: string, period: Date): string {
  const h = createHash('sha256').update(`${name}@${period.toISOString()}`).digest('hex');
  // shaped as a version-5-like UUID
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function summary(result: unknown): object {
  const text = JSON.stringify(result ?? null) ?? 'null';
  if (text.length > 2000) return { truncated: text.slice(0, 2000) };
  const value = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { result: value };
}

/** Sends each job's run for the period that holds `now`, unless it was sent already. */
export async function sendDueRuns(boss: PgBoss, jobs: Job[], now: Date): Promise<string[]> {
  const sent: string[] = [];
  for (const job of jobs) {
    const period = periodOf(now, job.everySeconds ?? DEFAULT_JOB_INTERVAL_SECONDS);
    const id = await boss.send(job.name, { period: period.toISOString() }, { id: runIdOf(job.name, period) });
    if (id) sent.push(job.name);
  }
  return sent;
}

async function runOnce(deps: JobRunnerDeps, job: Job, data: Readonly<Record<string, unknown>> | undefined): Promise<object> {
  const timeoutSeconds = queueOptionsOf(job).expireInSeconds;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      job.run({ em: deps.orm.em.fork(), now: deps.clock.now(), config: deps.config, modules: deps.modules, data }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
        timer.unref();
      }),
    ]);
    deps.log.info({ job: job.name }, 'job finished');
    return summary(result);
  } catch (err) {
    deps.log.error({ job: job.name, err: { message: (err as Error).message } }, 'job failed');
    // pg-boss records the error as the run's output and retries: the message, not a stack trace
    const recorded = new Error((err as Error).message);
    delete recorded.stack;
    throw recorded;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the workers of every module's job and the tick that sends their runs; `tickSeconds` 0 sends none. */
export async function startJobRunner(deps: JobRunnerDeps, tickSeconds: number): Promise<JobRunner> {
  const jobs = jobsOf(deps.modules);
  const longest = Math.max(DEFAULT_JOB_INTERVAL_SECONDS, ...jobs.map((j) => j.everySeconds ?? DEFAULT_JOB_INTERVAL_SECONDS));
  const boss = new PgBoss({
    connectionString: deps.url,
    schema: JOB_QUEUE_SCHEMA,
    max: 2,
    application_name: 'keel-jobs',
    // the owner role made the schema and the queues; this role only uses them
    migrate: false,
    schedule: false,
    supervise: true,
    // a finished run stays in the job table for two of the longest periods, so that no replica
    // can send it again within its period
    archiveCompletedAfterSeconds: Math.max(2 * 86_400, 2 * longest),
    deleteAfterDays: 30,
  });
  boss.on('error', (err: Error) => deps.log.error({ err: { message: err.message } }, 'job queue error'));
  await boss.start();
  for (const job of jobs) {
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: deps.pollingSeconds ?? 2 }, async ([run]) =>
      runOnce(deps, job, run?.data as Readonly<Record<string, unknown>> | undefined));
  }
  // Workers on the modules' own queues (webhook deliveries): one message at a time per worker.
  for (const worker of deps.modules.flatMap((m) => m.queueWorkers ?? [])) {
    await boss.work(worker.queue, { batchSize: worker.batchSize ?? 1, pollingIntervalSeconds: deps.pollingSeconds ?? 2 }, async (messages) => {
      for (const message of messages) {
        await worker.run({ em: deps.orm.em.fork(), now: deps.clock.now(), config: deps.config, modules: deps.modules }, message.data);
      }
    });
  }
  let stopped = false;
  let ticking: Promise<unknown> | null = null;
  const tick = () => sendDueRuns(boss, jobs, deps.clock.now());
  const timer = tickSeconds > 0
    ? setInterval(() => {
      if (stopped || ticking) return;
      ticking = tick()
        .catch((err: Error) => deps.log.error({ err: { message: err.message } }, 'could not send due jobs'))
        .finally(() => (ticking = null));
    }, tickSeconds * 1000)
    : null;
  timer?.unref();
  if (tickSeconds > 0) ticking = tick().catch(() => undefined).finally(() => (ticking = null));
  return {
    boss,
    tick,
    async stop(timeoutMs = 10_000) {
      stopped = true;
      if (timer) clearInterval(timer);
      await ticking;
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
    },
  };
}

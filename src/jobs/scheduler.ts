// Background jobs: each is a plain function of (em, now, config, modules) that tests call directly. The
// scheduler runs every module's jobs on an interval; replicas share the schedule through PostgreSQL
// (a job is claimed in job_run by one committed statement), so a job runs once per interval however
// many replicas there are. Time comes from the app's clock.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Job, KeelModule } from '../module';

export const DEFAULT_JOB_INTERVAL_SECONDS = 3600;

export interface SchedulerDeps {
  orm: MikroORM;
  modules: KeelModule[];
  config: Config;
  clock: Clock;
  log: Logger;
}

function summary(result: unknown): unknown {
  const text = JSON.stringify(result ?? null);
  return text.length > 2000 ? { truncated: text.slice(0, 2000) } : JSON.parse(text);
}

/**
 * Claims a due job in one committed statement: the row says when it last started and whether that run
 * finished. Only one replica's claim succeeds; a run that never finished is taken over after two
 * intervals. No transaction stays open while the job runs.
 */
async function claim(deps: SchedulerDeps, name: string, every: number, now: Date): Promise<boolean> {
  const { rows } = await deps.orm.em.getKnex().raw(
    `insert into job_run (name, last_started_at) values (?, ?)
     on conflict (name) do update set last_started_at = excluded.last_started_at, last_finished_at = null
     where job_run.last_started_at <= ?::timestamptz - make_interval(secs => ?)
       and (job_run.last_finished_at is not null or job_run.last_started_at <= ?::timestamptz - make_interval(secs => ?))
     returning name`,
    [name, now, now, every, now, every * 2],
  );
  return rows.length === 1;
}

async function runIfDue(deps: SchedulerDeps, job: Job, now: Date): Promise<boolean> {
  const every = job.everySeconds ?? DEFAULT_JOB_INTERVAL_SECONDS;
  if (!(await claim(deps, job.name, every, now))) return false;
  let error: string | null = null;
  let result: unknown = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    // A job may take at most its interval; past that it is reported as failed (and may be taken over).
    result = await Promise.race([
      job.run({ em: deps.orm.em.fork(), now, config: deps.config, modules: deps.modules }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${every} s`)), every * 1000);
        timer.unref();
      }),
    ]);
    deps.log.info({ job: job.name }, 'job finished');
  } catch (err) {
    error = (err as Error).message;
    deps.log.error({ job: job.name, err: { message: error } }, 'job failed');
  } finally {
    clearTimeout(timer);
  }
  await deps.orm.em
    .getKnex()('job_run')
    .where({ name: job.name })
    .update({ last_finished_at: deps.clock.now(), last_error: error, last_result: JSON.stringify(summary(result)) });
  return true;
}

/** Runs every job that is due now; returns the names of those this call ran. */
export async function runDueJobs(deps: SchedulerDeps): Promise<string[]> {
  const ran: string[] = [];
  for (const job of deps.modules.flatMap((m) => m.jobs ?? [])) {
    try {
      if (await runIfDue(deps, job, deps.clock.now())) ran.push(job.name);
    } catch (err) {
      deps.log.error({ job: job.name, err: { message: (err as Error).message } }, 'could not schedule job');
    }
  }
  return ran;
}

/** Checks for due jobs every `tickSeconds` until stopped; a tick is skipped while a run is going on. */
export function startScheduler(deps: SchedulerDeps, tickSeconds: number): { stop(timeoutMs?: number): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = runDueJobs(deps)
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
  }, tickSeconds * 1000);
  timer.unref();
  return {
    async stop(timeoutMs = 10_000) {
      stopped = true;
      clearInterval(timer);
      if (!running) return;
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((r) => (wait = setTimeout(r, timeoutMs)))]);
      clearTimeout(wait);
    },
  };
}

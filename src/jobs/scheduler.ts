// Background jobs: each is a plain function of (em, now, config) that tests call directly. The
// scheduler runs every module's jobs on an interval; replicas share the schedule through PostgreSQL
// (an advisory lock while a job runs, and job_run to remember when it last started), so a job runs
// once per interval however many replicas there are. Time comes from the app's clock.
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

async function runIfDue(deps: SchedulerDeps, job: Job, now: Date): Promise<boolean> {
  const every = job.everySeconds ?? DEFAULT_JOB_INTERVAL_SECONDS;
  return deps.orm.em.getKnex().transaction(async (trx) => {
    const { rows } = await trx.raw('select pg_try_advisory_xact_lock(hashtext(?)) as ok', [`keel-job:${job.name}`]);
    if (!rows[0].ok) return false; // another replica is running it
    const last = await trx('job_run').where({ name: job.name }).first();
    if (last && new Date(last.last_started_at).getTime() + every * 1000 > now.getTime()) return false;
    await trx.raw(
      `insert into job_run (name, last_started_at) values (?, ?)
       on conflict (name) do update set last_started_at = excluded.last_started_at`,
      [job.name, now],
    );
    let error: string | null = null;
    let result: unknown = null;
    try {
      result = await job.run({ em: deps.orm.em.fork(), now, config: deps.config });
      deps.log.info({ job: job.name }, 'job finished');
    } catch (err) {
      error = (err as Error).message;
      deps.log.error({ job: job.name, err: { message: error } }, 'job failed');
    }
    await trx('job_run')
      .where({ name: job.name })
      .update({ last_finished_at: deps.clock.now(), last_error: error, last_result: JSON.stringify(summary(result)) });
    return true;
  });
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

/** Checks for due jobs every `tickSeconds` until stopped. */
export function startScheduler(deps: SchedulerDeps, tickSeconds: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => runDueJobs(deps)).catch(() => undefined);
  }, tickSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

// One pg-boss queue per job, created by the owner role when Keel migrates (creating a queue creates
// its table, which the runtime role may not do). Idempotent: a queue that exists is left as it is.
import pg from 'pg';
import { JOB_QUEUE_SCHEMA } from '../../migrations/Migration20261201000300_job_queue';
import type { Job, KeelModule } from '../module';

export const DEFAULT_JOB_INTERVAL_SECONDS = 3600;
/** Where a run lands once its retries are used up: a record to read, and to redeliver by hand. */
export const DEAD_LETTER_QUEUE = 'dead-letter';

/** How a job is retried and timed out; a module's job may set its own. */
export function queueOptionsOf(job: Job): { policy: string; retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number; deadLetter: string } {
  const every = job.everySeconds ?? DEFAULT_JOB_INTERVAL_SECONDS;
  return {
    // one run at a time per job, one waiting
    policy: 'stately',
    retryLimit: job.retryLimit ?? 3,
    retryDelay: job.retryDelaySeconds ?? Math.min(60, Math.max(1, Math.floor(every / 10))),
    retryBackoff: true,
    expireInSeconds: job.timeoutSeconds ?? Math.min(every, 3600),
    deadLetter: DEAD_LETTER_QUEUE,
  };
}

export function jobsOf(modules: KeelModule[]): Job[] {
  const jobs = modules.flatMap((m) => m.jobs ?? []);
  const seen = new Set<string>();
  for (const j of jobs) {
    if (seen.has(j.name)) throw new Error(`two jobs are named ${j.name}`);
    if (j.name === DEAD_LETTER_QUEUE || j.name.startsWith('__')) throw new Error(`a job may not be named ${j.name}`);
    seen.add(j.name);
  }
  return jobs;
}

/** Creates the queues of the modules' jobs that do not exist yet; run as the owner role. */
export async function ensureJobQueues(client: pg.ClientBase, modules: KeelModule[]): Promise<string[]> {
  const jobs = jobsOf(modules);
  const existing = new Set(
    (await client.query<{ name: string }>(`select name from ${JOB_QUEUE_SCHEMA}.queue`)).rows.map((r) => r.name),
  );
  const created: string[] = [];
  const create = async (name: string, options: object) => {
    if (existing.has(name)) return;
    await client.query(`select ${JOB_QUEUE_SCHEMA}.create_queue($1, $2::json)`, [name, JSON.stringify(options)]);
    created.push(name);
  };
  await create(DEAD_LETTER_QUEUE, { policy: 'standard', retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 });
  for (const job of jobs) await create(job.name, queueOptionsOf(job));
  return created;
}

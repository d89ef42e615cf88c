// A module sends a run of one of its own jobs from a request, in the request's transaction: the run exists
// once the transaction commits and not at all if it rolls back. The queue's options (retries, expiry,
// policy) are the job's, as the job runner created them. Jobs are `stately`: while a run of the job waits,
// another send adds nothing, and the waiting run does the work when it starts.
import type { Knex } from '@mikro-orm/postgresql';
import { JOB_QUEUE_SCHEMA } from '../../migrations/Migration20261201000300_job_queue';

/** What the send did: a new waiting run, or the run already waiting, which takes its place. */
export type SentRun = 'QUEUED' | 'ALREADY_WAITING';

export async function sendJobRun(trx: Knex, name: string, data: Record<string, unknown>): Promise<SentRun> {
  const inserted = await trx.raw(
    `insert into ${JOB_QUEUE_SCHEMA}.job (id, name, data, start_after, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
     select gen_random_uuid(), q.name, ?::jsonb, now(), q.dead_letter, coalesce(q.expire_seconds, 900) * interval '1 second',
            now() + coalesce(q.retention_minutes, 20160) * interval '1 minute', coalesce(q.retry_limit, 2),
            case when coalesce(q.retry_backoff, false) then greatest(coalesce(q.retry_delay, 0), 1) else coalesce(q.retry_delay, 0) end,
            coalesce(q.retry_backoff, false), q.policy
       from ${JOB_QUEUE_SCHEMA}.queue q where q.name = ?
     on conflict do nothing`,
    [JSON.stringify(data), name],
  );
  if ((inserted.rowCount ?? 0) > 0) return 'QUEUED';
  const waiting = await trx.raw(`select 1 from ${JOB_QUEUE_SCHEMA}.job where name = ? and state = 'created' limit 1`, [name]);
  // No queue and no waiting run: the job was never installed (migrate creates every module's queue).
  if (waiting.rows.length === 0) throw new Error(`no queue for the job ${name}`);
  return 'ALREADY_WAITING';
}

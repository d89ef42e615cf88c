// Job runs as pg-boss keeps them: the live table and its archive, newest first.
import { JOB_QUEUE_SCHEMA } from '../../../migrations/Migration20261201000300_job_queue';
import { reader, type Context } from '../../graphql/context';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { JobRunState, type JobRunView } from './job-run.type';

export interface JobRunFilterValues {
  name?: string;
  states?: JobRunState[];
}

const COLUMNS = 'id, name, state::text as state, retry_count, retry_limit, data, output, created_on, started_on, completed_on';

function runs(ctx: Context) {
  const knex = reader(ctx);
  // pg-boss's own bookkeeping queues (named "__pgboss__…") are not Keel's jobs
  return knex
    .queryBuilder()
    .from(knex.raw(`(select ${COLUMNS} from ${JOB_QUEUE_SCHEMA}.job union all select ${COLUMNS} from ${JOB_QUEUE_SCHEMA}.archive) as r`))
    .whereNot('r.name', 'like', '\\_\\_pgboss\\_\\_%');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toJobRun(r: any): JobRunView {
  const state = String(r.state).toUpperCase() as JobRunState;
  const started = r.started_on ? new Date(r.started_on) : null;
  const finished = r.completed_on ? new Date(r.completed_on) : null;
  const failed = state === JobRunState.FAILED || state === JobRunState.RETRY;
  const period = typeof r.data?.period === 'string' ? new Date(r.data.period) : null;
  return {
    __typename: 'JobRun',
    id: toGlobalId('JobRun', r.id),
    key: r.id,
    name: r.name,
    state,
    attempts: started ? Number(r.retry_count) + 1 : Number(r.retry_count),
    retryLimit: Number(r.retry_limit),
    lastError: failed && r.output && typeof r.output.message === 'string' ? r.output.message : null,
    period: period && !Number.isNaN(period.getTime()) ? period : null,
    createdAt: new Date(r.created_on),
    startedAt: started,
    finishedAt: finished,
    durationMs: started && finished ? finished.getTime() - started.getTime() : null,
  } as JobRunView;
}

/** Newest first, keyset on (created_on, id). */
export async function listJobRuns(ctx: Context, filter: JobRunFilterValues, page: PageRequest) {
  const base = runs(ctx);
  if (filter.name) base.where('r.name', filter.name);
  if (filter.states?.length) base.whereIn('r.state', filter.states.map((s) => s.toLowerCase()));
  const descending = !page.backward;
  const q = base.clone().select('r.*');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(r.created_on, r.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  q.orderBy([{ column: 'r.created_on', order: descending ? 'desc' : 'asc' }, { column: 'r.id', order: descending ? 'desc' : 'asc' }]).limit(page.size + 1);
  const rows = await q;
  return toConnection(
    rows,
    page,
    (r) => [new Date(r.created_on).toISOString(), r.id],
    toJobRun,
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

export async function jobRunsByKeys(ctx: Context, keys: readonly string[]): Promise<JobRunView[]> {
  return (await runs(ctx).select('r.*').whereIn('r.id', [...keys])).map(toJobRun);
}

// The nightly jobs over the benchmark's bank (`npm run bench -- --jobs`): each module's job run as the job
// runner runs it (a plain function of its module, on the runtime role, with the jobs' own pool), timed
// twice: on the data set's day, when everything is new to it, and the next day, when little has changed.
import type { Config } from '../src/config';
import { initOrm } from '../src/db/orm';
import { jobsOf } from '../src/jobs/queues';
import { defaultModules } from '../src/modules';

/** The nightly jobs over every customer, in the order a night runs them. */
export const NIGHTLY_JOBS = ['risk.rescore', 'segments.refresh-dynamic', 'loyalty.tiers', 'loyalty.expiry'];

export interface JobTiming {
  job: string;
  label: string;
  seconds: number;
  /** What the job returned (its counts). */
  result: unknown;
}

/**
 * Runs each named job at `today` and again a day later, one at a time, and returns how long each took.
 */
export async function timeJobs(runtimeUrl: string, names: string[], config: Config, today: Date, log: (m: string) => void): Promise<JobTiming[]> {
  const jobs = jobsOf(defaultModules);
  const unknown = names.filter((n) => !jobs.some((j) => j.name === n));
  if (unknown.length) throw new Error(`no such job: ${unknown.join(', ')} (jobs: ${jobs.map((j) => j.name).join(', ')})`);
  // The jobs' pool as the runner has it; a night's batch may run for minutes.
  const orm = await initOrm(runtimeUrl, defaultModules, 2, [], { statementTimeoutMs: 3_600_000, deadlineMs: 3_600_000 });
  const timings: JobTiming[] = [];
  try {
    for (const name of names) {
      const job = jobs.find((j) => j.name === name)!;
      for (const [label, now] of [['first', today], ['next day', new Date(today.getTime() + 86_400_000)]] as const) {
        const started = process.hrtime.bigint();
        const result = await job.run({ em: orm.em.fork(), now, config, modules: defaultModules });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        timings.push({ job: name, label, seconds, result });
        log(`${name} (${label}): ${seconds.toFixed(1)} s, ${JSON.stringify(result)}`);
      }
    }
  } finally {
    await orm.close(true);
  }
  return timings;
}

// The retention job: anonymises customers whose retention date has passed and who are not under a
// legal hold. A plain function on the clock; the worker schedules it, tests call it directly.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../../audit/audit.writer';
import type { Config } from '../../config';
import { contributionsOf, type KeelModule } from '../../module';
import { customerStanding, CustomerStatus, ofCustomersWithStatus } from '../customers/public';
import { activeHold, anonymise, latestExit } from './erasure.service';
import { lockCase } from './offboarding.deps';

export interface RetentionJobDeps {
  em: EntityManager;
  now: Date;
  config?: Config;
  /** The deployment's modules: each erases its own part of an anonymised customer. */
  modules: KeelModule[];
  /** At most this many customers per run; the next run takes the rest. */
  batchSize?: number;
}

export interface RetentionJobResult {
  anonymised: string[];
  /** Due, but under a legal hold. */
  held: string[];
}

export const RETENTION_JOB = 'offboarding.retention';

export async function runRetentionJob(deps: RetentionJobDeps): Promise<RetentionJobResult> {
  const knex = deps.em.getKnex();
  // Each exited customer's latest full exit decides their date; held customers are reported, not touched.
  const latest = knex('offboarding_case')
    .distinctOn('customer_id')
    .select('id', 'customer_id', 'retain_until', 'anonymised_at')
    .where({ state: 'CLOSED', scope: 'FULL' })
    .orderBy([{ column: 'customer_id' }, { column: 'closed_at', order: 'desc' }])
    .as('x');
  const due: { customer_id: string; held: boolean }[] = await ofCustomersWithStatus(knex.from(latest), 'x.customer_id', CustomerStatus.EXITED)
    .select('x.customer_id', knex.raw('exists (select 1 from legal_hold h where h.customer_id = x.customer_id and h.released_at is null) as held'))
    .where('x.retain_until', '<=', deps.now)
    .whereNull('x.anonymised_at')
    // Customers on hold are reported but must not crowd out the ones the job can anonymise.
    .orderByRaw('held, x.retain_until')
    .limit(deps.batchSize ?? 500);

  const result: RetentionJobResult = { anonymised: [], held: [] };
  const actor: AuditActor = { viewer: null, requestId: `job:${RETENTION_JOB}`, now: deps.now };
  const anonymisers = contributionsOf(deps.modules, 'anonymisers');
  for (const row of due) {
    if (row.held) {
      result.held.push(row.customer_id);
      continue;
    }
    // One transaction per customer; everything is checked again under the case lock.
    const done = await deps.em.fork().transactional(async (em) => {
      const exit = await latestExit(em, row.customer_id);
      if (!exit) return false;
      const locked = await lockCase(em, exit.id);
      const standing = await customerStanding(em, row.customer_id);
      if (locked.anonymisedAt || standing?.status !== CustomerStatus.EXITED || locked.retainUntil! > deps.now) return false;
      if (await activeHold(em, row.customer_id)) return false;
      await anonymise(em, actor, locked, anonymisers);
      return true;
    });
    if (done) result.anonymised.push(row.customer_id);
  }
  return result;
}

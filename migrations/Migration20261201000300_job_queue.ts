import { Migration } from '@mikro-orm/migrations';
import PgBoss from 'pg-boss';

/** The queue's schema in the database. */
export const JOB_QUEUE_SCHEMA = 'pgboss';

// Background jobs run on pg-boss, inside Keel's own database. Its tables are created here by the
// owner role from pg-boss's own construction plan (its transaction statements removed: the migration
// is the transaction), so that the runtime role owns nothing: it may read and write job rows, never
// create or drop the tables behind a queue. Queues themselves are created by the migration step
// (src/jobs/queues.ts), one per job, since creating one creates a table. The old interval table
// (job_run) goes: pg-boss keeps each run's state, attempts, error and timings.
export class Migration20261201000300_job_queue extends Migration {
  override async up(): Promise<void> {
    const plan = PgBoss.getConstructionPlans(JOB_QUEUE_SCHEMA)
      .replace(/^\s*BEGIN;\s*$/m, '')
      .replace(/^\s*COMMIT;\s*$/m, '');
    this.addSql(plan);
    this.addSql(`
revoke all on schema ${JOB_QUEUE_SCHEMA} from public;
grant usage on schema ${JOB_QUEUE_SCHEMA} to keel_runtime;
grant select, insert, update, delete on all tables in schema ${JOB_QUEUE_SCHEMA} to keel_runtime;
alter default privileges in schema ${JOB_QUEUE_SCHEMA} grant select, insert, update, delete on tables to keel_runtime;
revoke execute on all functions in schema ${JOB_QUEUE_SCHEMA} from public;
drop table job_run;
`);
  }
}

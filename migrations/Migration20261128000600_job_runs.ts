import { Migration } from '@mikro-orm/migrations';

// When each background job last ran, so that replicas run a job once per interval between them.
export class Migration20261128000600_job_runs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table job_run (
  name text primary key,
  last_started_at timestamptz not null,
  last_finished_at timestamptz null,
  last_error text null,
  last_result jsonb null
);
grant select, insert, update on job_run to keel_runtime;
`);
  }
}

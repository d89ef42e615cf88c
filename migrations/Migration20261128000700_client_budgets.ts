import { Migration } from '@mikro-orm/migrations';

// A partner client's own budget of cost points per window (null: the deployment's default), and
// tighter runtime privileges: no code deletes customers, accounts or staff, and the runtime role
// needs no temporary tables.
export class Migration20261128000700_client_budgets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table api_client add column rate_limit_points integer null check (rate_limit_points > 0);
grant update (name, rate_limit_points) on api_client to keel_runtime;
revoke delete on staff_user, customer, account from keel_runtime;
do $$ begin execute format('revoke temporary on database %I from public', current_database()); end $$;
`);
  }
}

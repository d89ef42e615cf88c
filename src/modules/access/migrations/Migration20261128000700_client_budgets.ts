import { Migration } from '@mikro-orm/migrations';

// A partner client's own budget of cost points per window (null: the deployment's default). The
// tighter privileges this migration once also applied now sit with the tables they concern (customers'
// foundation, the platform's audit trail migration).
export class Migration20261128000700_client_budgets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table api_client add column rate_limit_points integer null check (rate_limit_points > 0);
grant update (name, rate_limit_points) on api_client to keel_runtime;
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// Nothing in Keel deletes staff, customers or accounts. A database migrated part-way before the
// foundation stopped granting delete still has it until this runs; elsewhere it changes nothing.
export class Migration20261201000200_customer_privileges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`revoke delete on staff_user, customer, account from keel_runtime;`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// When a customer's personal data was anonymised, so that no feed ever stores it again.
export class Migration20261128000500_customer_anonymised extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table customer add column anonymised_at timestamptz null;`);
  }
}

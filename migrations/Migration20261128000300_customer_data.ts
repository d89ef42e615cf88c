import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000300_customer_data extends Migration {
  override async up(): Promise<void> {
    // filled in by the module that owns these tables
  }
}

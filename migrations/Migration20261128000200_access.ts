import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000200_access extends Migration {
  override async up(): Promise<void> {
    // filled in by the module that owns these tables
  }
}

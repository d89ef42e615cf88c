import { Migration } from '@mikro-orm/migrations';

// A relationship manager's list is their book in one of three orders; each order gets an index that
// starts with the book, so that a page of a large book is an index range, not a sort.
export class Migration20261128000900_book_orderings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create index customer_rm_joined_idx on customer (rm_id, joined_at, id);
create index customer_rm_deposits_idx on customer (rm_id, total_deposits_minor, id);
`);
  }
}

import { Migration } from '@mikro-orm/migrations';

// Trigram indexes for the customer search (part of a name, an email or phone digits), so that a
// search does not scan the whole table. pg_trgm is a trusted extension: the database owner may add it.
export class Migration20261128000800_customer_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create extension if not exists pg_trgm;
create index customer_name_trgm_idx on customer using gin ((first_name || ' ' || last_name) gin_trgm_ops);
create index customer_email_trgm_idx on customer using gin (email gin_trgm_ops);
create index customer_phone_digits_trgm_idx on customer using gin ((regexp_replace(phone, '\\D', '', 'g')) gin_trgm_ops);
`);
  }
}

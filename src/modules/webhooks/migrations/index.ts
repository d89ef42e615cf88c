// The webhooks module's migrations, oldest first.
import type { ModuleMigration } from '../../../module';
import { Migration20261201900100_webhooks } from './Migration20261201900100_webhooks';

export const webhooksMigrations: ModuleMigration[] = [
  { name: 'Migration20261201900100_webhooks', class: Migration20261201900100_webhooks },
];

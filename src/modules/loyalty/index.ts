import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { CustomerLoyaltyResolver } from './customer-loyalty.resolver';
import { LoyaltyAccount } from './loyalty-account.entity';
import { accountsByKeys } from './loyalty.queries';
import { loyaltyConfig } from './loyalty.config';
import { loyaltyMigrations } from './migrations';
import { loyaltyCapabilities as l, loyaltyCustomerFields, loyaltyPermissions } from './permissions';
import { PointsAdjustment } from './points-adjustment.entity';
import { PointsLine } from './points-line.entity';
import { PointsPosting } from './points-posting.entity';
import { TierChange } from './tier-change.entity';

// Loyalty: accounts, tiers and the append-only points ledger.
export const loyaltyModule: KeelModule = {
  name: 'loyalty',
  entities: [LoyaltyAccount, TierChange, PointsPosting, PointsLine, PointsAdjustment],
  resolvers: [CustomerLoyaltyResolver],
  rules: rulesOf(loyaltyPermissions),
  permissions: loyaltyPermissions,
  nodes: [{ typeName: 'LoyaltyAccount', capability: l.read, load: accountsByKeys }],
  scopes: ['loyalty:read', 'loyalty:write'],
  migrations: loyaltyMigrations,
  config: loyaltyConfig,
  contributes: {
    fields: loyaltyCustomerFields,
  },
};

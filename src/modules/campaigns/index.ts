import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { campaignsExamples } from './campaigns.examples';
import { campaignMigrations } from './migrations';
import { campaignAnonymiser } from './campaign.anonymiser';
import { Campaign } from './campaign.entity';
import { campaignsByKeys } from './campaign.queries';
import { campaignsSeed } from './campaign.seed';
import { CampaignResolver } from './campaign.resolver';
import { RetentionPerformanceResolver } from './performance.resolver';
import { campaignCapabilities, campaignPermissions } from './permissions';

// Campaigns: what the retention team does with a segment and whether it worked. A module of its own,
// above segments and loyalty, rather than part of segments: it acts on a segment only through the
// customerGroups contribution and on the catalogue only through loyalty's public surface, so segments
// stays a module of target groups and analytics that knows nothing of offers. Retention performance per
// relationship manager lives here too, as the other measure of what keeps customers: composed from the
// staffFigures that offboarding, feedback and risk contribute, without importing any of them.
export const campaignsModule: KeelModule = {
  name: 'campaigns',
  entities: [Campaign],
  resolvers: [CampaignResolver, RetentionPerformanceResolver],
  rules: rulesOf(campaignPermissions),
  permissions: campaignPermissions,
  nodes: [{ typeName: 'Campaign', capability: campaignCapabilities.read, load: campaignsByKeys }],
  examples: campaignsExamples,
  migrations: campaignMigrations,
  seed: campaignsSeed,
  contributes: {
    anonymisers: [campaignAnonymiser],
  },
};

// Who may do what with campaigns and retention performance, as data. Campaigns are managed and their
// results read by retention analysts and admins; relationship managers do not see campaigns at all (a
// campaign's figures span every book, and a book's share of a holdout is too small to mean anything).
// Retention performance is per relationship manager: a manager reads their own row only.
import { defineCapabilities, type PermissionTable } from '../../auth/permissions';

export const campaignCapabilities = defineCapabilities('campaigns', {
  manage: {
    description: 'campaigns: create, launch, close',
    roles: { ADMIN: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  read: {
    description: 'campaigns: read definitions, assignments counts and results (uplift, retention, deposits)',
    roles: { ADMIN: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  readPerformance: {
    description: 'retention performance per relationship manager (a relationship manager: own row)',
    roles: { ADMIN: 'ALL', RETENTION_ANALYST: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK' },
  },
});

const c = campaignCapabilities;

export const campaignPermissions: PermissionTable = {
  capabilities: campaignCapabilities,
  fields: {
    Query: {
      campaign: c.read,
      campaigns: c.read,
      retentionPerformance: c.readPerformance,
    },
    Mutation: {
      createCampaign: c.manage,
      launchCampaign: c.manage,
      closeCampaign: c.manage,
    },
    Campaign: {
      results: c.read,
    },
  },
};

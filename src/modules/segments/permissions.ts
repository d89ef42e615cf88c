// Who may do what with segments and churn analytics, as data. Definitions (name, rule, size) are not
// customer data: relationship managers read them too. Everything that names or counts customers
// (members, statistics, churn) is bounded by the viewer's right to read customers, so a manager's
// figures cover their own book only.
import { contributedFieldRows, defineCapabilities, type PermissionTable } from '../../auth/permissions';
import type { ContributedField } from '../../module';
import { customerCapabilities } from '../customers/public';

export const segmentCapabilities = defineCapabilities('segments', {
  manage: {
    description: 'segments: manage, refresh, preview rules',
    roles: { ADMIN: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  read: {
    description: 'segments: read definitions (members and statistics within the bound of reading customers)',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'ALL', RETENTION_ANALYST: 'ALL' },
  },
  readAnalytics: {
    description: 'churn analytics and cohort retention (a relationship manager: own book)',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL' },
  },
});

const s = segmentCapabilities;
const readMembers = { all: [s.read, customerCapabilities.read] };

/** Fields this module adds to the customers module's `Customer`. */
export const segmentCustomerFields: ContributedField[] = [{ type: 'Customer', field: 'segments', capability: s.read }];

export const segmentPermissions: PermissionTable = {
  capabilities: segmentCapabilities,
  fields: {
    Query: {
      segments: s.read,
      segment: s.read,
      segmentFields: s.read,
      segmentPreview: s.manage,
      churnAnalytics: s.readAnalytics,
      cohortRetention: s.readAnalytics,
    },
    Mutation: {
      createSegment: s.manage,
      updateSegment: s.manage,
      refreshSegment: s.manage,
      addSegmentMembers: s.manage,
      removeSegmentMembers: s.manage,
    },
    Segment: {
      members: readMembers,
      stats: readMembers,
      sizeHistory: s.read,
    },
    ...contributedFieldRows(segmentCustomerFields),
  },
};

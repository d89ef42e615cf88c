// Operating Keel: the state of its background jobs (DESIGN.md: ADMIN only).
import { defineCapabilities, type PermissionTable } from '../../auth/permissions';

export const operationsCapabilities = defineCapabilities('operations', {
  readJobRuns: { description: 'background job runs: state, attempts, errors, timings', roles: { ADMIN: 'ALL' } },
});

export const operationsPermissions: PermissionTable = {
  capabilities: operationsCapabilities,
  fields: { Query: { jobRuns: operationsCapabilities.readJobRuns } },
};

// API clients are ADMIN only (DESIGN.md's permission table): no partner scope reaches them.
import { defineCapabilities, type PermissionTable } from '../../auth/permissions';

export const accessCapabilities = defineCapabilities('access', {
  manageApiClients: { description: 'API clients', roles: { ADMIN: 'ALL' } },
});

const manage = accessCapabilities.manageApiClients;

export const accessPermissions: PermissionTable = {
  capabilities: accessCapabilities,
  fields: {
    Query: { apiClients: manage },
    Mutation: { createApiClient: manage, rotateApiClientToken: manage, revokeApiClient: manage, updateApiClient: manage },
  },
};

// API clients are ADMIN only (DESIGN.md's permission table): no partner scope reaches them.
import type { IRules } from 'graphql-shield';
import { allowed } from '../../auth/rules';

export const manageApiClients = allowed({ roles: ['ADMIN'] });

export const apiClientRules: IRules = {
  Query: {
    apiClients: manageApiClients,
  },
  Mutation: {
    createApiClient: manageApiClients,
    rotateApiClientToken: manageApiClients,
    revokeApiClient: manageApiClients,
    updateApiClient: manageApiClients,
  },
};

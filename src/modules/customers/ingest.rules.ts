// Ingestion is for core banking feeds (partner scope ingest:write) and admins; what it feeds is
// read by whoever may read customers.
import type { IRules } from 'graphql-shield';
import { allowed } from '../../auth/rules';
import { readCustomers } from './customer.rules';

export const ingestWrite = allowed({ roles: ['ADMIN'], scopes: ['ingest:write'] });

export const ingestRuleTree: IRules = {
  Query: {
    fxRates: readCustomers,
  },
  Mutation: {
    upsertCustomers: ingestWrite,
    upsertAccounts: ingestWrite,
    recordActivitySnapshots: ingestWrite,
    upsertFxRates: ingestWrite,
  },
  Customer: {
    activity: readCustomers,
  },
};

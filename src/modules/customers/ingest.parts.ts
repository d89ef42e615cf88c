// Ingestion from core banking (customers, accounts, activity, FX rates): the parts the customers
// module assembles.
import type { IRules } from 'graphql-shield';

export const ingestEntities: Function[] = [];
export const ingestResolvers: Function[] = [];
export const ingestRules: IRules = {};

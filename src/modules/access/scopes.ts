// The partner scopes an API client may be granted: every module's own (KeelModule.scopes) and those
// reserved for the modules still to come, so that partners can be set up ahead of them. A test checks
// this list against the registry; a module not listed here (a deployment's own) adds its scopes at run
// time through its KeelModule.scopes.
export const KNOWN_SCOPES = [
  'customers:read',
  'customers:read_pii',
  'ingest:write',
  'feedback:read',
  'feedback:write',
  'risk:read',
  'risk:write',
  'loyalty:read',
  'loyalty:write',
  'offboarding:read',
  'webhooks:manage',
] as const;

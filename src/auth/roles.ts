export const ROLES = ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
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
export type Scope = (typeof SCOPES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export const ROLES = ['ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'RETENTION_ANALYST', 'SUPPORT_AGENT'] as const;
export type Role = (typeof ROLES)[number];

/** A partner scope, "<area>:<permission>". Modules declare theirs (KeelModule.scopes); the platform names none. */
export type Scope = `${string}:${string}`;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}


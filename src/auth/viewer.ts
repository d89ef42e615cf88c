// Who is calling: a staff member (JWT, roles) or a partner app (API token, scopes).
import type { Role, Scope } from './roles';

export interface StaffViewer {
  kind: 'staff';
  /** The identity provider's subject. */
  subject: string;
  /** The StaffUser row for this subject, when there is one (always for relationship managers). */
  staffUserId: string | null;
  roles: Role[];
  name: string | null;
  email: string | null;
}

export interface PartnerViewer {
  kind: 'partner';
  clientId: string;
  publicId: string;
  name: string;
  scopes: Scope[];
  /** The client's own budget of cost points per window, when it has one. */
  rateLimitPoints?: number | null;
}

export type Viewer = StaffViewer | PartnerViewer;

export function hasRole(viewer: Viewer | null | undefined, ...roles: Role[]): boolean {
  return !!viewer && viewer.kind === 'staff' && viewer.roles.some((r) => roles.includes(r));
}

export function hasScope(viewer: Viewer | null | undefined, scope: Scope): boolean {
  return !!viewer && viewer.kind === 'partner' && viewer.scopes.includes(scope);
}

/** An actor for the audit trail. */
export function actorOf(viewer: Viewer | null | undefined): { kind: 'staff' | 'partner' | 'system'; id: string } {
  if (!viewer) return { kind: 'system', id: 'system' };
  return viewer.kind === 'staff' ? { kind: 'staff', id: viewer.subject } : { kind: 'partner', id: viewer.publicId };
}

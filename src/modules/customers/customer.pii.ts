// Who may see personal data in full, and how it looks masked.
import { hasRole, hasScope, type Viewer } from '../../auth/viewer';

export function maySeePii(viewer: Viewer | null, rmKey: string | null): boolean {
  if (!viewer) return false;
  if (hasRole(viewer, 'ADMIN', 'COMPLIANCE_OFFICER')) return true;
  if (hasScope(viewer, 'customers:read_pii')) return true;
  return (
    viewer.kind === 'staff' &&
    viewer.roles.includes('RELATIONSHIP_MANAGER') &&
    viewer.staffUserId !== null &&
    rmKey === viewer.staffUserId
  );
}

/** Searching by email or phone reveals them, so it needs the right to see them anywhere. */
export function maySearchPii(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER') || hasScope(viewer, 'customers:read_pii');
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${email[0]}***@***${tld}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-2)}`;
}

export const maskDate = (): string => '****-**-**';
export const maskAddress = (): string => '***';

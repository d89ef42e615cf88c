// Who may see personal data in full, and how it looks masked.
import { canFor, reachOf, type Reach } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { customerCapabilities } from './permissions';

/** Full personal data: for those granted it, each within their own bound (an RM: their book). */
export function maySeePii(viewer: Viewer | null, rmKey: string | null): boolean {
  return canFor(viewer, customerCapabilities.readPii, rmKey);
}

/** Searching by email or phone reveals them, so it reaches only as far as the right to see them. */
export function piiSearchReach(viewer: Viewer | null): Reach {
  return reachOf(viewer, customerCapabilities.readPii);
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

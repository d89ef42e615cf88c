// One signed token per role, and helpers for the odd ones that tests need.
import jwt from 'jsonwebtoken';
import { signStaffToken } from '../../src/auth/jwt';
import type { Role } from '../../src/auth/roles';
import type { Config } from '../../src/config';

export const DEFAULT_SUBJECTS: Record<Role, string> = {
  ADMIN: 'admin-01',
  COMPLIANCE_OFFICER: 'compliance-01',
  RELATIONSHIP_MANAGER: 'rm-01',
  RETENTION_ANALYST: 'analyst-01',
  SUPPORT_AGENT: 'support-01',
};

export function staffToken(config: Config, role: Role | Role[], sub?: string, now = new Date()): string {
  const roles = Array.isArray(role) ? role : [role];
  return signStaffToken(config.jwt, { sub: sub ?? DEFAULT_SUBJECTS[roles[0]], roles, now });
}

/** Signs arbitrary claims and options with the test secret (for refusal tests). */
export function rawToken(config: Config, payload: object, options: jwt.SignOptions = {}, secret = config.jwt.secret!): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', ...options });
}

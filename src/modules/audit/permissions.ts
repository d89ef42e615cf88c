// Reading the audit trail (DESIGN.md's permission table); writing it is the platform's audit writer.
import { defineCapabilities, type PermissionTable } from '../../auth/permissions';

export const auditCapabilities = defineCapabilities('audit', {
  read: { description: 'audit log, compliance reports', roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL' } },
});

export const auditPermissions: PermissionTable = {
  capabilities: auditCapabilities,
  fields: { Query: { auditEvents: auditCapabilities.read } },
};

import { hasRole } from '../../auth/viewer';
import { allowed } from '../../auth/rules';
import type { KeelModule } from '../../module';
import { auditEventsByKeys } from './audit.queries';
import { AuditResolver } from './audit.resolver';

// Reading the audit trail. Writing it is the platform's audit writer, used by every module.
const readAudit = allowed({ roles: ['ADMIN', 'COMPLIANCE_OFFICER'] });

export const auditModule: KeelModule = {
  name: 'audit',
  entities: [],
  resolvers: [AuditResolver],
  rules: { Query: { auditEvents: readAudit } },
  nodes: [{ typeName: 'AuditEvent', allowed: (v) => hasRole(v, 'ADMIN', 'COMPLIANCE_OFFICER'), load: auditEventsByKeys }],
};

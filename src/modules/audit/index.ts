import { can, rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { auditEventsByKeys } from './audit.queries';
import { AuditResolver } from './audit.resolver';
import { auditCapabilities, auditPermissions } from './permissions';
import { auditExamples } from './audit.examples';

// Reading the audit trail. Writing it is the platform's audit writer, used by every module.
export const auditModule: KeelModule = {
  name: 'audit',
  examples: auditExamples,
  entities: [],
  resolvers: [AuditResolver],
  rules: rulesOf(auditPermissions),
  permissions: auditPermissions,
  nodes: [{ typeName: 'AuditEvent', capability: auditCapabilities.read, load: auditEventsByKeys }],
};

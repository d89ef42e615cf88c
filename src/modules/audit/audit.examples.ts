// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const auditExamples: ExampleOperation[] = [
  {
    query: `# The audit trail (ADMIN, COMPLIANCE_OFFICER): who did what, newest first. Changes name the personal
# data fields touched, never their values.
query RecentAudit {
  auditEvents(first: 10) {
    edges { node { occurredAt action actorKind entityType changes requestId } }
  }
}
`,
  },
];

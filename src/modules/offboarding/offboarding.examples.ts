// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const offboardingExamples: ExampleOperation[] = [
  {
    query: `# Offboarding: the exit cases within your reach that are past their due date, with their checklist.
query OverdueCases {
  offboardingCases(first: 10, filter: { overdue: true }) {
    totalCount
    edges { node { id state scope initiatedBy dueAt customer { id displayName } checklist { kind label done } } }
  }
}
`,
  },
  {
    query: `# A subscription: each step of the offboarding cases you may read, as it happens (over WebSocket,
# with the token from the Headers tab). Run it, then move a case in another tab or client.
subscription CaseChanges {
  offboardingCaseChanged { occurredAt from to offboardingCase { id state } }
}
`,
  },
];

// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const operationsExamples: ExampleOperation[] = [
  {
    query: `# Background jobs (ADMIN): each run's state, attempts, timing and last error.
query JobRuns {
  jobRuns(first: 10) {
    edges { node { name state attempts retryLimit startedAt durationMs lastError } }
  }
}
`,
  },
];

// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const segmentsExamples: ExampleOperation[] = [
  {
    query: `# Segments and churn analytics: the segments you may see, and exits and churn per month over a period.
query SegmentsAndChurn($from: DateTimeISO!, $to: DateTimeISO!) {
  segments(first: 10) {
    edges { node { id name kind memberCount refreshedAt } }
  }
  churnAnalytics(from: $from, to: $to, granularity: MONTH) {
    periods { start exits churnRate retained winBacks }
  }
}
`,
    variables: "{ \"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-07-01T00:00:00Z\" }",
  },
];

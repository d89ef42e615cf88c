// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const campaignsExamples: ExampleOperation[] = [
  {
    query: `# Campaigns: each with its holdout, and what the launched ones did over 90 days
# (treated versus holdout retention, the uplift and its 95% interval).
query CampaignResults {
  campaigns(first: 10) {
    edges {
      node {
        id name state channel holdoutPercent treated holdout withoutConsent proposed version
        results(windowDays: 90) {
          reach accepted acceptance uplift upliftLower upliftUpper windowComplete
          treatment { customers retained retentionRate }
          holdout { customers retained retentionRate }
          depositsKept { amount currency }
        }
      }
    }
  }
}
`,
  },
  {
    query: `# Retention performance per relationship manager over a period (a manager sees their own row).
query RetentionPerformance {
  retentionPerformance(from: "2026-01-01T00:00:00Z", to: "2026-07-01T00:00:00Z") {
    relationshipManager { name subject }
    casesHandled retained retentionRate winBacks complaintsResolvedInTime highRiskWithoutContact
    depositsKept { amount currency }
  }
}
`,
  },
];

// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const riskExamples: ExampleOperation[] = [
  {
    query: `# Churn risk: the latest alerts (a customer's band rose to HIGH or CRITICAL) within your reach,
# and the model that scores them.
query RiskAlerts {
  riskAlerts(first: 10) {
    edges { node { id customerId fromBand toBand score raisedAt acknowledgedAt } }
  }
  activeRiskModel { id version }
}
`,
  },
];

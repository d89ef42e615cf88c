// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const loyaltyExamples: ExampleOperation[] = [
  {
    query: `# Loyalty: the programme's rules and the retention offers in the catalogue.
query Programme {
  loyaltyProgramme {
    tiers { tier pointsEarned12m }
    pointValue { amount currency }
    expiryMonths
  }
  retentionOffers(first: 5) {
    edges { node { id name kind status value validUntil } }
  }
}
`,
  },
];

// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const customersExamples: ExampleOperation[] = [
  {
    query: `# Customers: the customers within your reach, a page at a time (a relay connection: pass
# pageInfo.endCursor as \`after\` for the next page). A relationship manager sees their own book.
# Personal data (email, phone, date of birth, national id, address) needs the PII capability.
query CustomersPage($after: String) {
  customers(first: 5, after: $after, orderBy: { field: JOINED_AT, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id displayName status region joinedAt openProductCount accounts { type status } } }
  }
}
`,
  },
];

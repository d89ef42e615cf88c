// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const feedbackExamples: ExampleOperation[] = [
  {
    query: `# Feedback: NPS, complaints and overdue counts by kind over the last period.
query FeedbackByKind {
  feedbackStats(groupBy: [KIND]) {
    from
    to
    rows { kind count nps averageCsat complaints overdue }
  }
}
`,
  },
  {
    query: `# Record a customer's feedback. Take a customer id from CustomersPage and put it in the Variables tab.
# A complaint gets its acknowledge-by and resolve-by deadlines; userErrors say what to fix.
mutation RecordFeedback($input: RecordFeedbackInput!) {
  recordFeedback(input: $input) {
    feedback { id kind status severity acknowledgeBy resolveBy }
    userErrors { field message code }
  }
}
`,
    variables: "{\n  \"input\": {\n    \"customerId\": \"<a Customer id from CustomersPage>\",\n    \"kind\": \"COMPLAINT\",\n    \"channel\": \"PHONE\",\n    \"severity\": \"HIGH\",\n    \"text\": \"The card was blocked twice this month.\"\n  }\n}",
  },
  {
    query: `# A subscription: feedback of the customers you may read, as it arrives.
subscription FeedbackArrives {
  feedbackReceived { feedback { id kind channel severity receivedAt } }
}
`,
  },
];

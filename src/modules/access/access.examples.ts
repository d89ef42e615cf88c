// Example operations for the development GraphiQL page (one tab each); a test checks them against the schema.
import type { ExampleOperation } from '../../module';

export const accessExamples: ExampleOperation[] = [
  {
    query: `# Partner access: the API clients (ADMIN). A client's token (keel_<public id>_<secret>) is shown once,
# by createApiClient or rotateApiClientToken; Keel keeps only its hash. Partners send it as
# "Authorization": "Bearer keel_..." and reach what their scopes allow.
query ApiClients {
  apiClients(first: 10) {
    edges { node { id name publicId scopes status expiresAt lastUsedAt } }
  }
}
`,
  },
];

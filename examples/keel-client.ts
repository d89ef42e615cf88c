// A small typed client for Keel on Node, on @urql/core: every call takes one of the typed documents
// that `npm run codegen` generates from schema/operations (schema/generated/operations.ts), so its
// variables and its result are checked by the TypeScript compiler against the schema.
import { Client, type CombinedError, fetchExchange, type TypedDocumentNode } from '@urql/core';

export interface KeelClientOptions {
  /** Keel's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** A staff member's JWT, or a partner's API token (keel_…). */
  token: string;
}

/** What Keel said when it refused a request: the GraphQL error codes (UNAUTHENTICATED, FORBIDDEN, …) and messages. */
export class KeelError extends Error {
  constructor(
    readonly codes: string[],
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KeelError';
  }
}

/** The `cost` extension of Keel's last answer: what the request cost and what is left of the budget. */
export interface Cost {
  requested: number;
  remaining: number;
  resetInSeconds: number;
}

export interface KeelClient {
  query<Data, Variables extends Record<string, unknown>>(doc: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data>;
  mutate<Data, Variables extends Record<string, unknown>>(doc: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data>;
  /** The cost reported with the last answer. */
  lastCost(): Cost | null;
}

function refusal(error: CombinedError): KeelError {
  const codes = error.graphQLErrors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
  const response = error.response as { status?: number } | undefined;
  if (!codes.length) return new KeelError(['NETWORK'], error.message, response?.status);
  return new KeelError(codes, error.graphQLErrors.map((e) => e.message).join('; '), response?.status);
}

export function createKeelClient({ url, token }: KeelClientOptions): KeelClient {
  const client = new Client({
    url,
    exchanges: [fetchExchange],
    // Keel answers queries over POST (GET /graphql is the GraphiQL page), and every read should be fresh.
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
  });
  let cost: Cost | null = null;
  const settle = <Data>(result: { data?: Data; error?: CombinedError; extensions?: Record<string, unknown> }): Data => {
    cost = (result.extensions?.cost as Cost | undefined) ?? cost;
    // A partial answer is refused too: a flow that goes on from half the data decides on a guess.
    if (result.error) throw refusal(result.error);
    if (!result.data) throw new KeelError(['NO_DATA'], 'Keel answered without data');
    return result.data;
  };
  return {
    async query(doc, variables) {
      return settle(await client.query(doc, variables).toPromise());
    },
    async mutate(doc, variables) {
      return settle(await client.mutation(doc, variables).toPromise());
    },
    lastCost: () => cost,
  };
}

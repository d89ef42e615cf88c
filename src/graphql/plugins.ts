// Apollo Server plugins: error masking and logging, and the audit of full personal data reads.
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { actorOf } from '../auth/viewer';
import type { Context } from './context';
import { ErrorCode, PUBLIC_CODES } from './errors';

const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

export function isDatabaseUnavailable(err: unknown): boolean {
  let e = err as { code?: string; cause?: unknown; message?: string } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection/i.test(e.message)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Is this an error the caller is meant to see as it is? */
function isPublic(formatted: GraphQLFormattedError, error: unknown): boolean {
  const code = formatted.extensions?.code as string | undefined;
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return !!code && (PUBLIC_CODES.has(code) || APOLLO_CODES.has(code));
  return false;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isPublic(formatted, error)) {
    const { http: _http, stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  const original = unwrapResolverError(error);
  if (isDatabaseUnavailable(original)) {
    return { message: 'The database is unavailable; try again shortly', path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

export const errorLogPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          const code = String((original as GraphQLError)?.extensions?.code ?? error.extensions?.code);
          // What the caller sees as it is needs no log line; what gets masked does.
          if (original instanceof GraphQLError && (PUBLIC_CODES.has(code) || APOLLO_CODES.has(code))) continue;
          contextValue.log?.error(
            { requestId: contextValue.requestId, path: error.path, err: { message: (original as Error)?.message, stack: (original as Error)?.stack } },
            'unexpected error while executing a request',
          );
        }
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single') return;
        for (const e of response.body.singleResult.errors ?? []) {
          (e.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
      },
    };
  },
};

/** One insert per request: an audit event per customer whose personal data went out unmasked. */
export const piiAuditPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx, response }) {
        if (!ctx.piiReads || ctx.piiReads.size === 0) return;
        const actor = actorOf(ctx.viewer);
        const rows = ctx.piiReads.entries().map(([customerId, fields]) => ({
          id: randomUUID(),
          occurred_at: ctx.now,
          actor_kind: actor.kind,
          actor_id: actor.id,
          action: 'customer.pii_read',
          entity_type: 'Customer',
          entity_id: customerId,
          customer_id: customerId,
          changes: JSON.stringify(fields.map((field) => ({ field }))),
          request_id: ctx.requestId,
        }));
        try {
          await ctx.em.getKnex()('audit_event').insert(rows);
        } catch (err) {
          // Personal data never leaves without its audit record.
          ctx.log.error({ requestId: ctx.requestId, err: { message: (err as Error).message } }, 'could not audit a personal data read');
          if (response.body.kind === 'single') {
            response.body.singleResult = {
              errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: ctx.requestId } }],
            };
          }
        }
      },
    };
  },
};

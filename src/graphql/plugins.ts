// Apollo Server plugins: error masking and logging, and the audit of the reads modules ask to audit.
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { actorOf } from '../auth/viewer';
import { DEADLINE_EXCEEDED } from '../db/deadline';
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

// Connection failures as pg, PostgreSQL (class 08, 57P0x shutdown/startup, 53300 too many connections)
// and knex's pool report them while the database restarts or is unreachable.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);
const UNAVAILABLE_MESSAGES = new RegExp(
  [
    'Connection terminated',
    'connect ECONNREFUSED',
    'timeout exceeded when trying to connect',
    'Timeout acquiring a connection',
    'Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
    'terminating connection due to administrator command',
    'the database system is (starting up|shutting down|in recovery mode)',
    'Connection ended unexpectedly',
  ].join('|'),
  'i',
);

/** How long a client should wait before retrying while the database is away, in seconds. */
export const RETRY_AFTER_SECONDS = 5;
export const UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly';
/** An outage met after the request's write committed: the write stands and must not be sent again. */
export const SAVED_UNAVAILABLE_MESSAGE =
  'Your change was saved, but the database became unavailable before the answer could be read; read the object again shortly instead of sending the change again';

/**
 * The error for an outage met after a committed write: SERVICE_UNAVAILABLE with `saved: true`, and no 503
 * or Retry-After, so that neither a client nor a load balancer sends the write a second time.
 */
export function savedButUnavailable(cause: unknown): GraphQLError {
  return new GraphQLError(SAVED_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, saved: true }, originalError: cause instanceof Error ? cause : undefined });
}

/** The same, for an error already formatted for the answer (a field that met the outage after the commit). */
function savedAnswer(error: GraphQLFormattedError): GraphQLFormattedError {
  return { ...error, message: SAVED_UNAVAILABLE_MESSAGE, extensions: { ...error.extensions, code: ErrorCode.SERVICE_UNAVAILABLE, saved: true } };
}

export function isDatabaseUnavailable(err: unknown): boolean {
  // Follow wrappers (GraphQL's originalError, MikroORM's and knex's cause, AggregateError's errors).
  const queue: unknown[] = [err];
  for (let seen = 0; queue.length > 0 && seen < 20; seen++) {
    const e = queue.shift() as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown } | undefined;
    if (!e || typeof e !== 'object') continue;
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    queue.push(e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return false;
}

export const TIMEOUT_MESSAGE = 'The request took too long and was stopped; nothing it was writing was saved';

/** A statement cancelled by PostgreSQL (57014, past its statement timeout) or refused past the request's deadline. */
export function isStatementTimeout(err: unknown): boolean {
  const queue: unknown[] = [err];
  for (let seen = 0; queue.length > 0 && seen < 20; seen++) {
    const e = queue.shift() as { code?: unknown; cause?: unknown; originalError?: unknown } | undefined;
    if (!e || typeof e !== 'object') continue;
    if (e.code === '57014' || e.code === DEADLINE_EXCEEDED) return true;
    queue.push(e.cause, e.originalError);
  }
  return false;
}

export function requestTimedOut(): GraphQLError {
  return new GraphQLError(TIMEOUT_MESSAGE, { extensions: { code: ErrorCode.TIMEOUT } });
}

/** A 503 with Retry-After: the request may be sent again once the database is back. */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

function markUnavailable(http: { status?: number; headers: Map<string, string> }): void {
  http.status = 503;
  http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
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
    return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  if (isStatementTimeout(original)) {
    return { message: TIMEOUT_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.TIMEOUT } };
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
          if (isDatabaseUnavailable(original)) {
            // An outage is not a bug: one warning per request, without the driver's text.
            contextValue.log?.warn({ requestId: contextValue.requestId, path: error.path }, 'database unavailable');
            continue;
          }
          if (isStatementTimeout(original)) {
            contextValue.log?.warn({ requestId: contextValue.requestId, path: error.path }, 'statement timed out; rolled back');
            continue;
          }
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
        // Whatever part of the request met the outage, the whole answer says 503, so that clients and
        // load balancers retry it rather than take it for a failed operation; unless a write of it has
        // committed, which a retry would apply twice (or refuse as a conflict).
        const errors = response.body.singleResult.errors;
        if (errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
          if (contextValue.committedWrite) {
            response.body.singleResult.errors = errors.map((e) => (e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE ? savedAnswer(e) : e));
          } else {
            markUnavailable(response.http);
          }
        }
      },
    };
  },
};

/** One insert per request: an audit event per customer whose personal data went out unmasked. */
/** Writes the reads the modules asked to audit, in one insert, before the answer leaves. */
export const readAuditPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx, response }) {
        if (!ctx.auditedReads || ctx.auditedReads.size === 0) return;
        const actor = actorOf(ctx.viewer);
        const rows = ctx.auditedReads.entries().map(({ read, fields }) => ({
          id: randomUUID(),
          occurred_at: ctx.now,
          actor_kind: actor.kind,
          actor_id: actor.id,
          action: read.action,
          entity_type: read.entityType,
          entity_id: read.entityKey,
          customer_id: read.customerKey,
          changes: JSON.stringify(fields.map((field) => ({ field }))),
          request_id: ctx.requestId,
        }));
        try {
          await ctx.em.getKnex()('audit_event').insert(rows);
        } catch (err) {
          // An audited read (personal data) never leaves without its audit record.
          const unavailable = isDatabaseUnavailable(err);
          const timedOut = isStatementTimeout(err);
          ctx.log[unavailable || timedOut ? 'warn' : 'error']({ requestId: ctx.requestId, err: { message: (err as Error).message } }, 'could not audit a read');
          if (response.body.kind === 'single') {
            const [message, code] = unavailable
              ? [UNAVAILABLE_MESSAGE, ErrorCode.SERVICE_UNAVAILABLE]
              : timedOut
                ? [TIMEOUT_MESSAGE, ErrorCode.TIMEOUT]
                : ['Internal server error', ErrorCode.INTERNAL_SERVER_ERROR];
            const error = { message, extensions: { code, requestId: ctx.requestId } };
            response.body.singleResult = { errors: [unavailable && ctx.committedWrite ? savedAnswer(error) : error] };
            if (unavailable && !ctx.committedWrite) markUnavailable(response.http);
          }
        }
      },
    };
  },
};

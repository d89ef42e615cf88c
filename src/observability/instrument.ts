// Ties a request's observation to what happens under it: each SQL statement the driver sends (counted,
// and a span when tracing), and the GraphQL operation Apollo runs (its name and type, the viewer's kind,
// and a span between the HTTP span and the SQL spans).
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Context } from '../graphql/context';
import { currentObservation, viewerKind } from './request-scope';
import type { TraceSpan, Tracing } from './tracing';

interface KnexQuery {
  sql?: string;
  __knexQueryUid?: string;
}
interface KnexEvents {
  on(event: 'query', listener: (query: KnexQuery) => void): unknown;
  on(event: 'query-response', listener: (response: unknown, query: KnexQuery) => void): unknown;
  on(event: 'query-error', listener: (err: unknown, query: KnexQuery) => void): unknown;
}

const MAX_STATEMENT_TEXT = 2000;
const MAX_OPEN_SPANS = 10_000;

/** The statement's first keyword (select, insert, begin, ...), for the span's name. */
function verbOf(sql: string): string {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?([a-z]+)/i.exec(sql);
  return (m?.[1] ?? 'sql').toLowerCase();
}

// Once per driver client, however many apps share it (tests make several on one ORM): the request's
// observation says where its spans go.
const observed = new WeakSet<object>();

/** Counts each statement for the request it runs under and, when tracing, makes it a span of the request. */
export function observeStatements(orm: MikroORM): void {
  const driver = orm.em.getDriver() as unknown as { getConnection(type?: 'read' | 'write'): unknown; replicas?: unknown[] };
  const connections = [driver.getConnection('write'), ...(driver.replicas ?? [])] as { getKnex(): { client: KnexEvents } }[];
  const open = new Map<string, TraceSpan>();
  const end = (query: KnexQuery, failed: boolean) => {
    const uid = query?.__knexQueryUid;
    if (!uid) return;
    const span = open.get(uid);
    if (!span) return;
    open.delete(uid);
    if (failed) span.fail('statement failed');
    span.end();
  };
  for (const connection of connections) {
    const client = connection.getKnex().client;
    if (observed.has(client)) continue;
    observed.add(client);
    // 'query' is emitted synchronously, in the caller's async context, just before the statement is sent.
    client.on('query', (query) => {
      const request = currentObservation();
      if (!request) return;
      request.statements += 1;
      if (!request.tracing.enabled || !query.__knexQueryUid || open.size >= MAX_OPEN_SPANS) return;
      const sql = String(query.sql ?? '');
      // The text with its placeholders; the values bound to them are never recorded.
      open.set(
        query.__knexQueryUid,
        request.tracing.startSpan(`db ${verbOf(sql)}`, {
          parent: request.graphqlSpan ?? request.httpSpan,
          kind: 'client',
          attributes: { 'db.system.name': 'postgresql', 'db.operation.name': verbOf(sql), 'db.query.text': sql.slice(0, MAX_STATEMENT_TEXT) },
        }),
      );
    });
    // A map lookup per statement; the map stays empty while tracing is off.
    client.on('query-response', (_response, query) => end(query, false));
    client.on('query-error', (_err, query) => end(query, true));
  }
}

/** Records the operation and the viewer's kind on the request's observation, with a span for the operation. */
export function observationPlugin(tracing: Tracing): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const observed = currentObservation();
      if (!observed) return;
      observed.viewer = viewerKind(contextValue?.viewer);
      const span = tracing.enabled ? tracing.startSpan('graphql', { parent: observed.httpSpan }) : undefined;
      observed.graphqlSpan = span;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          observed.operationType = operation.operation;
          if (operationName && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(operationName)) observed.operationName = operationName;
          span?.rename(`${operation.operation}${observed.operationName ? ` ${observed.operationName}` : ''}`);
        },
        async willSendResponse({ response }) {
          if (!span) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          span.setAttributes({
            'graphql.operation.type': observed.operationType ?? 'unknown',
            ...(observed.operationName ? { 'graphql.operation.name': observed.operationName } : {}),
          });
          if (errors?.length) span.fail(String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          span.end();
        },
      };
    },
  };
}

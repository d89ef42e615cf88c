// Subscriptions over graphql-ws on /graphql. A connection authenticates once, in its connection
// parameters (`authorization: "Bearer …"`, staff JWT or partner token), and is checked again every
// SUBSCRIPTION_RECHECK_SECONDS: an expired or revoked credential closes it with the reason. Each
// caller may hold a few connections and a few subscriptions on each; every subscription is priced
// and spends from the caller's budget like a query. What a subscriber hears is filtered by the same
// rules and book bounds as queries (the modules' subscribe functions apply them per event).
import type { Server } from 'node:http';
import { execute, GraphQLError, type GraphQLSchema, parse, subscribe, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer';
import type { Context } from './context';

export interface SubscriptionServerDeps {
  schema: GraphQLSchema;
  log: Logger;
  /** Verifies a credential as HTTP requests do; throws (UNAUTHENTICATED) when it is not valid now. */
  authenticate(header: string): Promise<Viewer | null>;
  /** The context of one subscription, for this viewer. */
  contextFor(viewer: Viewer, requestId: string): Context;
  /** Spends a subscription's price from the caller's budget; throws a coded GraphQLError when it is spent. */
  charge(context: Context, document: ReturnType<typeof parse>, variables: Record<string, unknown> | undefined): Promise<void>;
  recheckSeconds: number;
  maxConnectionsPerCaller: number;
  maxSubscriptionsPerConnection: number;
}

/** Close codes: 4401 the credential is not (or no longer) valid, 4403 not allowed, 4429 too many. */
export const CLOSE = { unauthenticated: 4401, forbidden: 4403, tooMany: 4429 } as const;

type Added = {
  viewer?: Viewer;
  header?: string;
  caller?: string;
  timer?: NodeJS.Timeout;
};
type Extra = Added & { socket: WebSocket };

function callerOf(viewer: Viewer): string {
  return viewer.kind === 'staff' ? `staff:${viewer.subject}` : `partner:${viewer.clientId}`;
}

function headerFrom(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

export function serveSubscriptions(
  server: Server,
  deps: SubscriptionServerDeps,
): { close(): Promise<void>; open(): number; stats(): { connections: number; subscriptions: number } } {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 64 * 1024 });
  const connections = new Map<string, number>();
  // The authenticated connections' states, for counting their subscriptions at scrape time.
  const live = new Set<{ subscriptions: Record<string, unknown> }>();
  let sequence = 0;
  const release = (extra: Extra) => {
    clearInterval(extra.timer);
    if (extra.caller) {
      const n = (connections.get(extra.caller) ?? 1) - 1;
      if (n <= 0) connections.delete(extra.caller);
      else connections.set(extra.caller, n);
      extra.caller = undefined;
    }
  };
  const cleanup = useServer<Record<string, unknown>, Added>(
    {
      schema: deps.schema,
      async onConnect(ctx) {
        const extra = ctx.extra;
        const header = headerFrom(ctx.connectionParams);
        if (!header) {
          extra.socket.close(CLOSE.unauthenticated, 'Authenticate in the connection parameters: { "authorization": "Bearer <token>" }');
          return false;
        }
        let viewer: Viewer | null;
        try {
          viewer = await deps.authenticate(header);
        } catch (err) {
          const reason = err instanceof GraphQLError ? err.message : 'Authentication failed';
          extra.socket.close(CLOSE.unauthenticated, reason.slice(0, 120));
          return false;
        }
        if (!viewer) {
          extra.socket.close(CLOSE.unauthenticated, 'Invalid or expired credentials');
          return false;
        }
        const caller = callerOf(viewer);
        const open = connections.get(caller) ?? 0;
        if (open >= deps.maxConnectionsPerCaller) {
          extra.socket.close(CLOSE.tooMany, `At most ${deps.maxConnectionsPerCaller} subscription connections per caller`);
          return false;
        }
        connections.set(caller, open + 1);
        Object.assign(extra, { viewer, header, caller });
        live.add(ctx);
        extra.socket.once('close', () => {
          live.delete(ctx);
          release(extra);
        });
        // Revocation and expiry take effect while connected, not only at the next connection.
        extra.timer = setInterval(() => {
          deps.authenticate(header).then(
            (still) => {
              if (!still) extra.socket.close(CLOSE.unauthenticated, 'Invalid or expired credentials');
            },
            (err: unknown) => {
              const reason = err instanceof GraphQLError ? err.message : 'Credentials could not be checked';
              extra.socket.close(CLOSE.unauthenticated, reason.slice(0, 120));
            },
          );
        }, deps.recheckSeconds * 1000);
        extra.timer.unref();
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        const extra = ctx.extra;
        if (Object.keys(ctx.subscriptions).length > deps.maxSubscriptionsPerConnection) {
          return [new GraphQLError(`At most ${deps.maxSubscriptionsPerConnection} subscriptions per connection`, { extensions: { code: 'RATE_LIMITED' } })];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: 2000 });
        } catch (err) {
          return [new GraphQLError((err as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(deps.schema, document);
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        const contextValue = deps.contextFor(extra.viewer!, `ws-${++sequence}`);
        try {
          await deps.charge(contextValue, document, payload.variables ?? undefined);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        return { schema: deps.schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      execute: (args) => execute(args),
      subscribe: (args) => subscribe(args),
      onError(_ctx, _id, _payload, errors) {
        deps.log.warn({ errors: errors.map((e) => e.message) }, 'subscription error');
      },
    },
    wss,
  );
  return {
    open: () => wss.clients.size,
    stats() {
      let subscriptions = 0;
      for (const ctx of live) subscriptions += Object.keys(ctx.subscriptions).length;
      return { connections: live.size, subscriptions };
    },
    async close() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await cleanup.dispose();
    },
  };
}

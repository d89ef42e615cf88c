// createApp(config, deps): the schema, Apollo Server, express and routes. Tests use it in-process.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { getOperationAST, GraphQLError } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { authenticate } from './auth/authenticate';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { enforceDeadlines, enterDeadline } from './db/deadline';
import { AuditedReads, type Context, makeMemo } from './graphql/context';
import { ErrorCode, requestError } from './graphql/errors';
import { graphiqlRouter } from './graphql/graphiql';
import { errorHandler, graphqlBody, notFound } from './graphql/http';
import { costPlugin, priceAndSpend } from './graphql/cost.plugin';
import { serveSubscriptions } from './graphql/subscriptions';
import type { EventBus } from './events/bus';
import { jitGateway } from './graphql/jit.gateway';
import { memoryRateLimiter, redisRateLimiter } from './graphql/rate-limit';
import Redis from 'ioredis';
import { nodeSourcesOf } from './graphql/platform.resolver';
import { databaseUnavailable, errorLogPlugin, formatError, isDatabaseUnavailable, isStatementTimeout, readAuditPlugin, requestTimedOut, RETRY_AFTER_SECONDS } from './graphql/plugins';
import { buildKeelSchema } from './graphql/schema';
import { createLogger, rateLimitedLog } from './logger';
import { createMetrics } from './metrics';
import { observationPlugin, observeStatements } from './observability/instrument';
import { enterObservation, newObservation, type RequestObservation } from './observability/request-scope';
import { createTracing, type Tracing } from './observability/tracing';
import type { KeelModule } from './module';
import { defaultModules } from './modules';

export interface AppDeps {
  orm: MikroORM;
  modules?: KeelModule[];
  clock?: Clock;
  logger?: Logger;
  /** Published domain events, for subscriptions (a replica's own listeners, or Redis for all). */
  events?: EventBus;
  /** Where spans go (default: made from the configuration; off without OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing?: Tracing;
}

export interface KeelApp {
  app: Express;
  apollo: ApolloServer<Context>;
  log: Logger;
  /** Serves subscriptions (graphql-ws) on the server's /graphql; needs `events`. */
  serveSubscriptions(server: Server): { close(): Promise<void>; open(): number; stats(): { connections: number; subscriptions: number } };
  /** Exports the spans that have ended so far (nothing to do when tracing is off). */
  flushTraces(): Promise<void>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    observed: RequestObservation;
  }
}

/** Queries read from a replica (when there are any); mutations read back from the primary. */
const readRouting: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        contextValue.readFrom = operation?.operation === 'query' ? 'read' : 'write';
      },
    };
  },
};

/** The query builder's own warnings (e.g. a dropped connection) go to the JSON log, not the console. */
function routeDriverLogs(orm: MikroORM, log: Logger): void {
  const logger = (orm.em.getKnex() as unknown as { client?: { logger?: Record<string, unknown> } }).client?.logger;
  if (!logger) return;
  logger._warn = (message: unknown) => log.warn({ component: 'db' }, String(message));
  logger._error = (message: unknown) => log.error({ component: 'db' }, String(message));
  logger._deprecate = () => undefined;
  logger._debug = () => undefined;
}

const ROUTES = new Set(['/graphql', '/metrics', '/health/live', '/health/ready']);

/** The request's server span, ended when the response is sent or the connection closes. */
function traceHttp(tracing: Tracing, req: Request, res: Response): void {
  const path = req.path;
  const route = ROUTES.has(path) ? path : path.startsWith('/graphiql/') ? '/graphiql/assets' : 'other';
  const span = tracing.startSpan(`${req.method} ${route}`, {
    kind: 'server',
    carrier: req.headers,
    attributes: { 'http.request.method': req.method, 'http.route': route, 'keel.request_id': req.requestId },
  });
  req.observed.httpSpan = span;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    span.setAttributes({ 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500) span.fail(`HTTP ${res.statusCode}`);
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
}

export async function createApp(config: Config, deps: AppDeps): Promise<KeelApp> {
  const modules = deps.modules ?? defaultModules;
  const clock = deps.clock ?? systemClock;
  const log = deps.logger ?? createLogger(config.logLevel);
  const { orm } = deps;
  const { executable } = buildKeelSchema(modules);
  routeDriverLogs(orm, log);
  enforceDeadlines(orm);
  const tracing = deps.tracing ?? createTracing(config.tracing);
  observeStatements(orm);
  const credentials = modules.flatMap((m) => m.credentials ?? []);
  const nodeSources = nodeSourcesOf(modules);
  const securityLog = rateLimitedLog(log.child({ component: 'security' }), 60);

  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }) : null;
  redis?.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis error'));
  if (redis) {
    // Commands fail fast while Redis is away (no offline queue), so give it a moment to connect first.
    let wait: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true))),
      new Promise<boolean>((resolve) => (wait = setTimeout(() => resolve(false), 2000))),
    ]);
    clearTimeout(wait);
    if (!ready) log.warn('redis not reachable yet: rate-limit budgets are kept per replica until it is');
  }
  // Said at most once a minute, however many requests meet the outage.
  const limiterLog = rateLimitedLog(log.child({ component: 'rate-limit' }), 1);
  const limiter = redis
    ? redisRateLimiter(redis, config.rateLimits.windowSeconds, config.redisKeyPrefix, () =>
        limiterLog({}, 'rate limiter unavailable; budgets kept per replica meanwhile'))
    : memoryRateLimiter(config.rateLimits.windowSeconds);

  const metrics = createMetrics({ orm, modules });
  // Refused credentials per address, per replica: enough to stop guessing, no shared state needed.
  const failedLogins = memoryRateLimiter(config.rateLimits.windowSeconds);

  const pricing = {
    schema: executable,
    config,
    limiter,
    fallback: memoryRateLimiter(config.rateLimits.windowSeconds),
    warn: rateLimitedLog(log.child({ component: 'rate-limit' }), 1),
  };
  /** The context of one operation (or one subscription) for a viewer already authenticated. */
  const contextFor = (viewer: Context['viewer'], requestId: string, clientIp: string | null, em?: Context['em'], now?: Date): Context => ({
    requestId,
    clientIp,
    viewer,
    readFrom: 'write',
    em: em ?? (orm.em.fork() as Context['em']),
    clock,
    now: now ?? clock.now(),
    config,
    log: log.child({ requestId }),
    auditedReads: new AuditedReads(),
    nodeSources,
    modules,
    memo: makeMemo(),
    events: deps.events,
  });

  const apollo = new ApolloServer<Context>({
    ...(config.graphqlJit ? { gateway: jitGateway(executable) } : { schema: executable }),
    formatError,
    introspection: true,
    csrfPrevention: true,
    // Keel offers no persisted queries: callers get PERSISTED_QUERY_NOT_SUPPORTED, not a cache to fill.
    persistedQueries: false,
    stopOnTerminationSignals: false, // main.ts drains HTTP first, then stops Apollo
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      costPlugin(pricing.schema, config, limiter, pricing.fallback, pricing.warn),
      errorLogPlugin,
      readAuditPlugin,
      metrics.plugin,
      observationPlugin(tracing),
      readRouting,
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag: express would hash every answer (a dashboard page is ~100 kB) to tag what depends on who asks
  // and when, and a POST is never answered 304 anyway.
  app.set('etag', false);
  // Only proxies named in TRUST_PROXY may tell the client's address; otherwise it is the socket's.
  app.set('trust proxy', config.trustProxy ?? false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    req.observed = newObservation(tracing);
    if (tracing.enabled) traceHttp(tracing, req, res);
    // An API answers JSON to programs: no sniffing, no framing, no referrer, nothing to render.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    next();
  });
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req) => (req as Request).requestId,
      // The request line says what ran, for whom (a kind, not who) and with how many statements; these
      // are known once the response is sent (when the line is written), not when the request arrives.
      customProps: (req, res) => {
        if (!res.headersSent) return { requestId: (req as Request).requestId };
        const o = (req as Request).observed;
        return o ? { operation: o.operationName, operationType: o.operationType, viewer: o.viewer, sqlStatements: o.statements } : {};
      },
      customAttributeKeys: { responseTime: 'durationMs' },
      // Only what is safe to keep: never headers, query strings or bodies.
      serializers: {
        req: (req) => ({ method: req.method, path: String(req.url).split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => String(req.url).startsWith('/health') },
    }),
  );

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        orm.em.getConnection().execute('select 1'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000))),
      ]);
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS)).json({ status: 'unavailable', database: 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  });

  app.get('/metrics', async (req, res) => {
    if (config.metricsToken) {
      const given = Buffer.from(req.get('authorization') ?? '');
      const expected = Buffer.from(`Bearer ${config.metricsToken}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).json({ error: 'metrics need the metrics token' });
        return;
      }
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  // GraphiQL's router would answer OPTIONS /graphql with its own methods only.
  app.options('/graphql', (_req, res) => {
    res.setHeader('allow', 'GET, POST, OPTIONS');
    res.status(204).end();
  });
  // Outside production the page teaches: a tab on getting a token, then each module's examples.
  app.use(graphiqlRouter(config.nodeEnv === 'production' ? {} : { examples: modules.flatMap((m) => m.examples ?? []) }));

  app.use(
    '/graphql',
    // Room for a 1,000-item ingestion batch; cost limits what a request may ask for.
    ...graphqlBody('4mb'),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        // Before any await, so that the whole execution of this request inherits it.
        enterDeadline(config.runtime.requestTimeoutMs);
        enterObservation((req as Request).observed);
        const em = orm.em.fork() as Context['em'];
        const now = clock.now();
        const requestId = (req as Request).requestId;
        const clientIp = (req as Request).ip ?? req.socket.remoteAddress ?? null;
        const header = req.get('authorization');
        // An address that keeps presenting bad credentials is slowed down before any verification.
        if (header && clientIp && (await failedLogins.spend(`failed-auth:${clientIp}`, 0, config.rateLimits.failedAuthPerWindow, now)).remaining === 0) {
          throw requestError(ErrorCode.RATE_LIMITED, 'Too many refused credentials from this address; try again later', {
            retryAfterSeconds: config.rateLimits.windowSeconds,
          });
        }
        let viewer;
        try {
          viewer = await authenticate(header, { config, em, now, requestId, credentials, securityLog });
        } catch (err) {
          if (err instanceof GraphQLError && err.extensions?.code === ErrorCode.UNAUTHENTICATED && clientIp) {
            await failedLogins.spend(`failed-auth:${clientIp}`, 1, config.rateLimits.failedAuthPerWindow, now);
          }
          if (err instanceof GraphQLError) throw err;
          if (isDatabaseUnavailable(err)) throw databaseUnavailable();
          if (isStatementTimeout(err)) throw requestTimedOut();
          log.error({ requestId, err: { message: (err as Error).message } }, 'authentication failed unexpectedly');
          throw requestError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { requestId });
        }
        return contextFor(viewer, requestId, clientIp, em, now);
      },
    }),
  );

  app.use(notFound);
  app.use(errorHandler(log));

  return {
    app,
    apollo,
    log,
    serveSubscriptions(server: Server) {
      if (!deps.events) throw new Error('subscriptions need an event bus (AppDeps.events)');
      const served = serveSubscriptions(server, {
        schema: executable,
        log: log.child({ component: 'subscriptions' }),
        authenticate: (header) =>
          authenticate(header, { config, em: orm.em.fork(), now: clock.now(), requestId: 'subscription', credentials, securityLog }),
        contextFor: (viewer, requestId) => {
          const context = contextFor(viewer, requestId, null);
          context.renew = () => Object.assign(context, { em: orm.em.fork(), memo: makeMemo(), now: clock.now(), auditedReads: new AuditedReads() });
          return context;
        },
        charge: async (context, document, variables) => {
          const operation = getOperationAST(document);
          if (!operation) throw new GraphQLError('The document has no single operation to run', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
          if (operation.operation !== 'subscription') {
            throw new GraphQLError('Queries and mutations are served over HTTP POST; this connection serves subscriptions', { extensions: { code: 'BAD_REQUEST' } });
          }
          await priceAndSpend(pricing, context, document, operation, variables);
        },
        recheckSeconds: config.subscriptions.recheckSeconds,
        maxConnectionsPerCaller: config.subscriptions.maxConnectionsPerCaller,
        maxSubscriptionsPerConnection: config.subscriptions.maxPerConnection,
      });
      metrics.observeSubscriptions(served.stats);
      return served;
    },
    flushTraces: () => tracing.flush(),
    async stop() {
      await apollo.stop();
      await limiter.close();
      await tracing.shutdown().catch(() => undefined);
    },
  };
}

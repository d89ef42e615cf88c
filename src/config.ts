// Every environment variable Keel reads, parsed and validated in one place: the platform's here,
// each module's by the configuration section it declares (the platform names none of them).
// A bad value stops the server with one line naming the variable and what it expects.
import { ConfigError, type Env, int, oneOf, str, url } from './config.fields';
import type { KeelModule } from './module';
import { defaultModules } from './modules';

export { ConfigError } from './config.fields';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/**
 * The modules' parts of the configuration. Each module adds its keys by augmenting this interface
 * (`declare module '<path>/config' { interface ModuleSections { ... } }`) beside its section parser.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleSections {}

export interface Config extends PlatformConfig, ModuleSections {}

export interface PlatformConfig {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  logLevel: string;
  /** Runtime connection (the least-privileged role). Unset: embedded PostgreSQL. */
  databaseUrl?: string;
  /** Owner connection used for migrations. Defaults to databaseUrl. */
  databaseOwnerUrl?: string;
  /** Read replicas (runtime role): queries read from them, mutations and authentication use the primary. */
  databaseReadUrls: string[];
  dataDir: string;
  /** Seed the demo bank: 'auto' seeds an empty embedded database on first start. */
  seed: 'auto' | 'always' | 'never';
  jwt: {
    algorithm: JwtAlgorithm;
    secret?: string;
    publicKey?: string;
    issuer: string;
    audience: string;
    clockToleranceSeconds: number;
  };
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
  };
  shutdownTimeoutMs: number;
  redisUrl?: string;
  /** Prefix of every Redis key, so that deployments (and test runs) can share a server. */
  redisKeyPrefix: string;
  /** How often the scheduler looks for due jobs, in seconds; 0 turns the scheduler off. */
  jobsTickSeconds: number;
  subscriptions: {
    /** How often a connected subscriber's credential is checked again (expiry, revocation). */
    recheckSeconds: number;
    maxConnectionsPerCaller: number;
    maxPerConnection: number;
  };
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), as express's `trust proxy`:
   * a hop count or a list of addresses/subnets. Unset: the socket's address.
   */
  trustProxy?: string | number;
  /** When set, GET /metrics requires `Authorization: Bearer <this token>`. */
  metricsToken?: string;
  /** Traces: exported over OTLP/HTTP to `<endpoint>/v1/traces` when OTEL_EXPORTER_OTLP_ENDPOINT is set; off otherwise. */
  tracing: { endpoint?: string; serviceName: string };
  /** Execute operations with graphql-jit (compiled per document) instead of graphql-js. */
  graphqlJit: boolean;
  rateLimits: {
    windowSeconds: number;
    /** Cost points per window for a partner client, unless the client has its own budget. */
    partnerPoints: number;
    /** Cost points per window for a staff member. */
    staffPoints: number;
    /** Cost points per window for requests without credentials, per client address. */
    anonymousPoints: number;
    /** Refused credentials per window from one address before it is refused outright. */
    failedAuthPerWindow: number;
  };
  runtime: RuntimeLimits;
}

const DEV_JWT_SECRET = 'keel-development-secret-do-not-use-in-production-0123456789';

export interface LoadOptions {
  /** Called with each fallback warning (development defaults). */
  warn?: (message: string) => void;
  /** The modules whose configuration sections to read (default: the registry's). */
  modules?: KeelModule[];
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Config {
  // Warnings are held back until the whole configuration is valid, so that an error is one line.
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';

  const algorithm = oneOf(env, 'JWT_ALGORITHM', ['HS256', 'RS256', 'ES256'] as const, 'HS256');
  let secret = str(env, 'JWT_SECRET');
  const publicKey = str(env, 'JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  if (algorithm === 'HS256') {
    if (!secret) {
      if (production) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production and JWT_ALGORITHM=HS256');
      warn('JWT_SECRET is not set: using the development secret (never do this in production)');
      secret = DEV_JWT_SECRET;
    } else if (secret.length < 32) {
      throw new ConfigError('JWT_SECRET must be at least 32 characters long');
    }
  } else if (!publicKey) {
    throw new ConfigError(`JWT_PUBLIC_KEY (PEM) is required when JWT_ALGORITHM=${algorithm}`);
  }

  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);

  if (production && !databaseUrl) throw new ConfigError('DATABASE_URL is required when NODE_ENV=production');

  const platform: PlatformConfig = {
    nodeEnv,
    // Outside production, listen on loopback only: the development secret lets anyone mint tokens.
    host: str(env, 'HOST', production ? '0.0.0.0' : '127.0.0.1')!,
    port: int(env, 'PORT', 4000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    databaseUrl,
    databaseOwnerUrl: url(env, 'DATABASE_OWNER_URL', ['postgres:', 'postgresql:']) ?? databaseUrl,
    databaseReadUrls: (str(env, 'DATABASE_READ_URLS') ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean)
      .map((u, i) => url({ [`DATABASE_READ_URLS[${i}]`]: u }, `DATABASE_READ_URLS[${i}]`, ['postgres:', 'postgresql:'])!),
    dataDir: str(env, 'KEEL_DATA_DIR', '.data')!,
    seed: oneOf(env, 'SEED', ['auto', 'always', 'never'] as const, 'auto'),
    jwt: {
      algorithm,
      secret: algorithm === 'HS256' ? secret : undefined,
      publicKey: algorithm === 'HS256' ? undefined : publicKey,
      issuer: str(env, 'JWT_ISSUER', 'https://idp.keel.example')!,
      audience: str(env, 'JWT_AUDIENCE', 'keel')!,
      clockToleranceSeconds: int(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    },
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 10, 2, 50),
      maxAliases: int(env, 'MAX_QUERY_ALIASES', 30, 1, 1000),
      maxCost: int(env, 'MAX_QUERY_COST', 50000, 100, 10_000_000),
    },
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: str(env, 'REDIS_KEY_PREFIX', 'keel:')!,
    jobsTickSeconds: int(env, 'JOBS_TICK_SECONDS', 60, 0, 86400),
    subscriptions: {
      recheckSeconds: int(env, 'SUBSCRIPTION_RECHECK_SECONDS', 30, 1, 3600),
      maxConnectionsPerCaller: int(env, 'SUBSCRIPTION_MAX_CONNECTIONS', 5, 1, 1000),
      maxPerConnection: int(env, 'SUBSCRIPTION_MAX_PER_CONNECTION', 10, 1, 1000),
    },
    metricsToken: str(env, 'METRICS_TOKEN'),
    tracing: {
      endpoint: url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
      serviceName: str(env, 'OTEL_SERVICE_NAME', 'keel')!,
    },
    trustProxy: trustProxyOf(str(env, 'TRUST_PROXY')),
    graphqlJit: oneOf(env, 'GRAPHQL_JIT', ['true', 'false'] as const, 'true') === 'true',
    rateLimits: {
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
      partnerPoints: int(env, 'RATE_LIMIT_PARTNER_POINTS', 100_000, 1, 1_000_000_000),
      staffPoints: int(env, 'RATE_LIMIT_STAFF_POINTS', 1_000_000, 1, 1_000_000_000),
      anonymousPoints: int(env, 'RATE_LIMIT_ANONYMOUS_POINTS', 1_000, 1, 1_000_000_000),
      failedAuthPerWindow: int(env, 'RATE_LIMIT_FAILED_AUTH', 60, 1, 1_000_000),
    },
    runtime: runtimeLimits(env),
  };
  let sections: Partial<ModuleSections> = {};
  for (const m of options.modules ?? defaultModules) {
    if (m.config) sections = { ...sections, ...m.config.parse(env, { production, warn }) };
  }
  const config = { ...platform, ...sections } as Config;
  const emit = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  warnings.forEach(emit);
  return config;
}

function trustProxyOf(raw: string | undefined): string | number | undefined {
  if (raw === undefined) return undefined;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  if (/^[0-9a-fA-F.:/, ]+$|^(loopback|linklocal|uniquelocal)(,\s*\S+)*$/.test(raw)) return raw;
  throw new ConfigError('TRUST_PROXY must be a hop count, or addresses/subnets (or loopback, linklocal, uniquelocal) separated by commas');
}

// --- Time limits and the connection pool -------------------------------------------------------
export interface RuntimeLimits {
  /** A request's deadline: its longest wait for a database connection and for its transaction. */
  requestTimeoutMs: number;
  /** The longest statement a request may run; past it the statement is cancelled and rolled back. */
  dbStatementTimeoutMs: number;
  /** The longest statement a background job may run (jobs use a small pool of their own). */
  jobStatementTimeoutMs: number;
  /** Connections in the requests' pool. */
  dbPoolMax: number;
  /** Hot reads as named prepared statements (off behind a pooler in transaction mode, which cannot keep them). */
  dbPrepareStatements: boolean;
}

function runtimeLimits(env: Env): RuntimeLimits {
  return {
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 600_000),
    jobStatementTimeoutMs: int(env, 'JOB_STATEMENT_TIMEOUT_MS', 600_000, 1_000, 86_400_000),
    dbPoolMax: int(env, 'DB_POOL_MAX', 20, 1, 1_000),
    dbPrepareStatements: oneOf(env, 'DB_PREPARE_STATEMENTS', ['true', 'false'] as const, 'true') === 'true',
  };
}

// Every environment variable Keel reads, parsed and validated in one place.
// A bad value stops the server with one line naming the variable and what it expects.

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

export interface Config {
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
  reportingCurrency: string;
  shutdownTimeoutMs: number;
  redisUrl?: string;
  /** Prefix of every Redis key, so that deployments (and test runs) can share a server. */
  redisKeyPrefix: string;
  /** How often the scheduler looks for due jobs, in seconds; 0 turns the scheduler off. */
  jobsTickSeconds: number;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), as express's `trust proxy`:
   * a hop count or a list of addresses/subnets. Unset: the socket's address.
   */
  trustProxy?: string | number;
  /** When set, GET /metrics requires `Authorization: Bearer <this token>`. */
  metricsToken?: string;
  /** Execute operations with graphql-jit (compiled per document) instead of graphql-js. */
  graphqlJit: boolean;
  apiTokens: {
    /** After a rotation, the old secret keeps working this long, then stops. */
    rotationGraceSeconds: number;
  };
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
  pii: {
    /** AES-256-GCM keys by key id; the active one encrypts, all of them decrypt. */
    keys: Record<string, Buffer>;
    activeKeyId: string;
  };
  offboarding: {
    /** Notice given to a customer the bank exits, in days. */
    noticeDays: number;
    /** Records are kept this many years after closure (anti-money-laundering record keeping). */
    retentionYears: number;
    /** A case is overdue when it stays in a state longer than this many days. */
    deadlineDays: Record<string, number>;
  };
  runtime: RuntimeLimits;
}

export class ConfigError extends Error {}

const DEV_JWT_SECRET = 'keel-development-secret-do-not-use-in-production-0123456789';

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback?: string): string | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return fallback;
  return v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got something that is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must be a ${protocols.join(' or ')} URL, got protocol "${parsed.protocol}"`);
  }
  return raw;
}

export interface LoadOptions {
  /** Called with each fallback warning (development defaults). */
  warn?: (message: string) => void;
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

  const pii = piiKeys(env, production, warn);
  if (production && !databaseUrl) throw new ConfigError('DATABASE_URL is required when NODE_ENV=production');

  const config: Config = {
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
    reportingCurrency: oneOf(env, 'REPORTING_CURRENCY', ['EUR', 'USD', 'GBP', 'CHF'] as const, 'EUR'),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: str(env, 'REDIS_KEY_PREFIX', 'keel:')!,
    jobsTickSeconds: int(env, 'JOBS_TICK_SECONDS', 60, 0, 86400),
    metricsToken: str(env, 'METRICS_TOKEN'),
    trustProxy: trustProxyOf(str(env, 'TRUST_PROXY')),
    graphqlJit: oneOf(env, 'GRAPHQL_JIT', ['true', 'false'] as const, 'true') === 'true',
    apiTokens: {
      rotationGraceSeconds: int(env, 'API_TOKEN_ROTATION_GRACE_SECONDS', 86400, 0, 30 * 86400),
    },
    rateLimits: {
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
      partnerPoints: int(env, 'RATE_LIMIT_PARTNER_POINTS', 100_000, 1, 1_000_000_000),
      staffPoints: int(env, 'RATE_LIMIT_STAFF_POINTS', 1_000_000, 1, 1_000_000_000),
      anonymousPoints: int(env, 'RATE_LIMIT_ANONYMOUS_POINTS', 1_000, 1, 1_000_000_000),
      failedAuthPerWindow: int(env, 'RATE_LIMIT_FAILED_AUTH', 60, 1, 1_000_000),
    },
    pii,
    offboarding: {
      noticeDays: int(env, 'OFFBOARDING_NOTICE_DAYS', 30, 0, 365),
      retentionYears: int(env, 'RECORD_RETENTION_YEARS', 5, 1, 30),
      deadlineDays: deadlines(env),
    },
    runtime: runtimeLimits(env),
  };
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

const DEV_PII_KEY = Buffer.from('keel-development-pii-key-32bytes').toString('base64');

/** PII_ENCRYPTION_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>", PII_ACTIVE_KEY_ID=k2. */
function piiKeys(env: Env, production: boolean, warn: (m: string) => void): Config['pii'] {
  const raw = str(env, 'PII_ENCRYPTION_KEYS');
  if (!raw) {
    if (production) throw new ConfigError('PII_ENCRYPTION_KEYS is required when NODE_ENV=production');
    warn('PII_ENCRYPTION_KEYS is not set: using the development key (never do this in production)');
  }
  const keys: Record<string, Buffer> = {};
  for (const part of (raw ?? `dev:${DEV_PII_KEY}`).split(',')) {
    const [id, b64] = part.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
      throw new ConfigError('PII_ENCRYPTION_KEYS must be a comma-separated list of <key id>:<32 bytes in base64>');
    }
    keys[id] = key;
  }
  const activeKeyId = str(env, 'PII_ACTIVE_KEY_ID', Object.keys(keys)[0])!;
  if (!keys[activeKeyId]) throw new ConfigError(`PII_ACTIVE_KEY_ID must name one of the keys in PII_ENCRYPTION_KEYS, got "${activeKeyId}"`);
  return { keys, activeKeyId };
}

/** OFFBOARDING_DEADLINE_DAYS="REQUESTED=2,RETENTION=14,..." overrides the defaults per state. */
function deadlines(env: Env): Record<string, number> {
  const result: Record<string, number> = { REQUESTED: 2, RETENTION: 14, PENDING_APPROVAL: 5, NOTICE: 45, SETTLEMENT: 30 };
  const raw = str(env, 'OFFBOARDING_DEADLINE_DAYS');
  if (!raw) return result;
  for (const part of raw.split(',')) {
    const m = /^([A-Z_]+)=(\d{1,4})$/.exec(part.trim());
    if (!m || !(m[1] in result)) {
      throw new ConfigError(`OFFBOARDING_DEADLINE_DAYS must look like REQUESTED=2,RETENTION=14 (states: ${Object.keys(result).join(', ')})`);
    }
    result[m[1]] = Number(m[2]);
  }
  return result;
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
}

function runtimeLimits(env: Env): RuntimeLimits {
  return {
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 600_000),
    jobStatementTimeoutMs: int(env, 'JOB_STATEMENT_TIMEOUT_MS', 600_000, 1_000, 86_400_000),
    dbPoolMax: int(env, 'DB_POOL_MAX', 20, 1, 1_000),
  };
}

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
  if (production && !databaseUrl) throw new ConfigError('DATABASE_URL is required when NODE_ENV=production');

  const config: Config = {
    nodeEnv,
    host: str(env, 'HOST', '0.0.0.0')!,
    port: int(env, 'PORT', 4000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    databaseUrl,
    databaseOwnerUrl: url(env, 'DATABASE_OWNER_URL', ['postgres:', 'postgresql:']) ?? databaseUrl,
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
  };
  const emit = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  warnings.forEach(emit);
  return config;
}

export const developmentJwtSecret = DEV_JWT_SECRET;

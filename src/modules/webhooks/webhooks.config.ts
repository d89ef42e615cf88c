// The webhooks module's configuration: the keys that encrypt signing secrets, how long failed
// deliveries are retried, outbound time limits, and which targets outbound calls may reach.
import { ConfigError, type Env, int, oneOf, str } from '../../config.fields';
import type { ConfigSection } from '../../module';

export interface WebhookSettings {
  /** AES-256-GCM keys by key id; the active one encrypts, all of them decrypt. */
  secretKeys: Record<string, Buffer>;
  activeSecretKeyId: string;
  /** How long a failing delivery is retried before the subscription is paused. */
  retryHours: number;
  /** The first retry's delay; each next one doubles, up to `retryMaxSeconds`, with jitter. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** An outbound call's time limit (connect, send, answer). */
  timeoutMs: number;
  /** How long the old secret keeps signing after a rotation. */
  secretOverlapHours: number;
  /** Private, loopback and link-local targets (tests' local receivers); never by default. */
  allowPrivateTargets: boolean;
  /** Plain http targets; only in test configuration unless set. */
  allowHttp: boolean;
}

declare module '../../config' {
  interface ModuleSections {
    webhooks: WebhookSettings;
  }
}

const DEV_SECRET_KEY = Buffer.from('keel-development-webhook-key-32b').toString('base64');

/** WEBHOOK_SECRET_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>", WEBHOOK_SECRET_ACTIVE_KEY_ID=k2. */
function secretKeys(env: Env, production: boolean, warn: (m: string) => void): { secretKeys: Record<string, Buffer>; activeSecretKeyId: string } {
  const raw = str(env, 'WEBHOOK_SECRET_KEYS');
  if (!raw) {
    if (production) throw new ConfigError('WEBHOOK_SECRET_KEYS is required when NODE_ENV=production');
    warn('WEBHOOK_SECRET_KEYS is not set: using the development key (never do this in production)');
  }
  const keys: Record<string, Buffer> = {};
  for (const part of (raw ?? `dev:${DEV_SECRET_KEY}`).split(',')) {
    const [id, b64] = part.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
      throw new ConfigError('WEBHOOK_SECRET_KEYS must be a comma-separated list of <key id>:<32 bytes in base64>');
    }
    keys[id] = key;
  }
  const active = str(env, 'WEBHOOK_SECRET_ACTIVE_KEY_ID', Object.keys(keys)[0])!;
  if (!keys[active]) throw new ConfigError(`WEBHOOK_SECRET_ACTIVE_KEY_ID must name one of the keys in WEBHOOK_SECRET_KEYS, got "${active}"`);
  return { secretKeys: keys, activeSecretKeyId: active };
}

export const webhooksConfig: ConfigSection = {
  parse: (env, { production, warn }) => {
    const test = env.NODE_ENV === 'test';
    const allowPrivateTargets = oneOf(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', ['true', 'false'] as const, 'false') === 'true';
    if (allowPrivateTargets && production) warn('WEBHOOK_ALLOW_PRIVATE_TARGETS=true in production: webhooks may call private and loopback addresses');
    const retryBaseSeconds = int(env, 'WEBHOOK_RETRY_BASE_SECONDS', 30, 1, 86_400);
    return {
      webhooks: {
        ...secretKeys(env, production, warn),
        retryHours: int(env, 'WEBHOOK_RETRY_HOURS', 24, 1, 720),
        retryBaseSeconds,
        retryMaxSeconds: Math.max(retryBaseSeconds, int(env, 'WEBHOOK_RETRY_MAX_SECONDS', 3600, 1, 86_400)),
        timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
        secretOverlapHours: int(env, 'WEBHOOK_SECRET_OVERLAP_HOURS', 24, 0, 720),
        allowPrivateTargets,
        allowHttp: oneOf(env, 'WEBHOOK_ALLOW_HTTP', ['true', 'false'] as const, test ? 'true' : 'false') === 'true',
      },
    };
  },
};

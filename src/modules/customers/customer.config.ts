// The customers module's configuration: the keys that encrypt national ids, and the currency that
// totals across accounts are reported in.
import { ConfigError, type Env, oneOf, str } from '../../config.fields';
import type { ConfigSection } from '../../module';

export interface PiiKeys {
  /** AES-256-GCM keys by key id; the active one encrypts, all of them decrypt. */
  keys: Record<string, Buffer>;
  activeKeyId: string;
}

declare module '../../config' {
  interface ModuleSections {
    pii: PiiKeys;
    reportingCurrency: string;
  }
}

const DEV_PII_KEY = Buffer.from('keel-development-pii-key-32bytes').toString('base64');

/** PII_ENCRYPTION_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>", PII_ACTIVE_KEY_ID=k2. */
function piiKeys(env: Env, production: boolean, warn: (m: string) => void): PiiKeys {
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

export const customersConfig: ConfigSection = {
  parse: (env, { production, warn }) => ({
    pii: piiKeys(env, production, warn),
    reportingCurrency: oneOf(env, 'REPORTING_CURRENCY', ['EUR', 'USD', 'GBP', 'CHF'] as const, 'EUR'),
  }),
};

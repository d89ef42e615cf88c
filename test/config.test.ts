// Module configuration sections: the same variables and the same one-line errors as before modules
// owned them, validated by loadConfig from the module list.
import { ConfigError, loadConfig } from '../src/config';

const quiet = { warn: () => undefined };
const base = { NODE_ENV: 'test' };

it.each([
  ['PII_ENCRYPTION_KEYS', 'nonsense', /^PII_ENCRYPTION_KEYS must be a comma-separated list/],
  ['PII_ACTIVE_KEY_ID', 'k9', /^PII_ACTIVE_KEY_ID must name one of the keys/],
  ['REPORTING_CURRENCY', 'XAU', /^REPORTING_CURRENCY must be one of EUR, USD, GBP, CHF, got "XAU"/],
  ['RECORD_RETENTION_YEARS', '0', /^RECORD_RETENTION_YEARS must be a whole number between 1 and 30, got 0/],
  ['OFFBOARDING_NOTICE_DAYS', 'soon', /^OFFBOARDING_NOTICE_DAYS must be a whole number/],
  ['OFFBOARDING_DEADLINE_DAYS', 'NOPE=3', /^OFFBOARDING_DEADLINE_DAYS must look like REQUESTED=2/],
  ['LOYALTY_TIER_THRESHOLDS', 'GOLD=1,SILVER=2', /^LOYALTY_TIER_THRESHOLDS must rise strictly/],
  ['LOYALTY_EXPIRY_MONTHS', '0', /^LOYALTY_EXPIRY_MONTHS must be a whole number between 1 and 120/],
  ['LOYALTY_MAX_POINTS_PER_POSTING', '1.5', /^LOYALTY_MAX_POINTS_PER_POSTING must be a whole number/],
  ['LOYALTY_EXIT_POLICY', 'KEEP', /^LOYALTY_EXIT_POLICY must be one of PAYOUT, FORFEIT/],
  ['API_TOKEN_ROTATION_GRACE_SECONDS', '-1', /^API_TOKEN_ROTATION_GRACE_SECONDS must be a whole number/],
])('%s=%s is refused with one line naming it', (name, value, message) => {
  expect(() => loadConfig({ ...base, [name]: value }, quiet)).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, [name]: value }, quiet)).toThrow(message);
});

it('reads each module section into the configuration', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  const config = loadConfig(
    { ...base, PII_ENCRYPTION_KEYS: `k1:${key}`, REPORTING_CURRENCY: 'GBP', RECORD_RETENTION_YEARS: '7', OFFBOARDING_DEADLINE_DAYS: 'NOTICE=60', API_TOKEN_ROTATION_GRACE_SECONDS: '60' },
    quiet,
  );
  expect(config.pii.activeKeyId).toBe('k1');
  expect(config.reportingCurrency).toBe('GBP');
  expect(config.offboarding).toMatchObject({ retentionYears: 7, noticeDays: 30, deadlineDays: expect.objectContaining({ NOTICE: 60, REQUESTED: 2 }) });
  expect(config.apiTokens.rotationGraceSeconds).toBe(60);
});

it('a module section may require a secret in production and warns about its development fallback elsewhere', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://u@h/d' };
  expect(() => loadConfig(production, quiet)).toThrow(/^PII_ENCRYPTION_KEYS is required when NODE_ENV=production$/);
  const withPii = { ...production, PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };
  expect(() => loadConfig(withPii, quiet)).toThrow(/^WEBHOOK_SECRET_KEYS is required when NODE_ENV=production$/);
  const withBoth = loadConfig({ ...withPii, WEBHOOK_SECRET_KEYS: `w1:${Buffer.alloc(32, 9).toString('base64')}` }, quiet);
  expect(withBoth.webhooks).toMatchObject({ activeSecretKeyId: 'w1', allowHttp: false, allowPrivateTargets: false, retryHours: 24 });
  expect(() => loadConfig({ ...withPii, WEBHOOK_SECRET_KEYS: 'w1:short' }, quiet)).toThrow(/^WEBHOOK_SECRET_KEYS must be/);
  const warnings: string[] = [];
  loadConfig(base, { warn: (m) => warnings.push(m) });
  expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^PII_ENCRYPTION_KEYS is not set/)]));
});

it('a configuration without modules has no module sections', () => {
  const config = loadConfig(base, { ...quiet, modules: [] }) as unknown as Record<string, unknown>;
  expect(config.pii).toBeUndefined();
  expect(config.port).toBe(4000);
});

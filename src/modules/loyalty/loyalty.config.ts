// The loyalty module's configuration: tier thresholds, expiry, posting limits, approvals, exit policy and
// the value of a point. Every value is checked at start; a bad one names its variable.
import { ConfigError, type Env, int, oneOf, str } from '../../config.fields';
import type { ConfigSection } from '../../module';
import { Tier } from './loyalty-account.entity';

export type ExitPolicy = 'PAYOUT' | 'FORFEIT';

export interface LoyaltySettings {
  /** Points earned in the rolling 12 months from which each tier above BRONZE starts (ascending). */
  tierThresholds: Record<Exclude<Tier, Tier.BRONZE>, number>;
  /** Points expire, oldest first, this many months after they were credited. */
  expiryMonths: number;
  /** The largest number of points one posting may move. */
  maxPointsPerPosting: number;
  /** An adjustment of more points than this needs a second admin's approval. */
  adjustmentApprovalAbove: number;
  /** What happens to a leaving customer's points: paid out, or forfeited. */
  exitPolicy: ExitPolicy;
  /** What one point is worth, in minor units of the reporting currency (for the liability report and payouts). */
  pointValueMinor: number;
}

declare module '../../config' {
  interface ModuleSections {
    loyalty: LoyaltySettings;
  }
}

/** LOYALTY_TIER_THRESHOLDS="SILVER=1000,GOLD=5000,PLATINUM=20000": strictly ascending, positive. */
export function tierThresholds(env: Env): LoyaltySettings['tierThresholds'] {
  const result = { SILVER: 1000, GOLD: 5000, PLATINUM: 20000 };
  const raw = str(env, 'LOYALTY_TIER_THRESHOLDS');
  if (raw) {
    const seen = new Set<string>();
    for (const part of raw.split(',')) {
      const m = /^(SILVER|GOLD|PLATINUM)=(\d{1,9})$/.exec(part.trim());
      if (!m || seen.has(m[1])) throw new ConfigError('LOYALTY_TIER_THRESHOLDS must look like SILVER=1000,GOLD=5000,PLATINUM=20000 (each tier once)');
      seen.add(m[1]);
      result[m[1] as keyof typeof result] = Number(m[2]);
    }
  }
  if (!(result.SILVER > 0 && result.SILVER < result.GOLD && result.GOLD < result.PLATINUM)) {
    throw new ConfigError('LOYALTY_TIER_THRESHOLDS must rise strictly from SILVER to GOLD to PLATINUM, above zero');
  }
  return result;
}

export const loyaltyConfig: ConfigSection = {
  parse: (env) => ({
    loyalty: {
      tierThresholds: tierThresholds(env),
      expiryMonths: int(env, 'LOYALTY_EXPIRY_MONTHS', 18, 1, 120),
      maxPointsPerPosting: int(env, 'LOYALTY_MAX_POINTS_PER_POSTING', 1_000_000, 1, 1_000_000_000),
      adjustmentApprovalAbove: int(env, 'LOYALTY_ADJUSTMENT_APPROVAL_ABOVE', 10_000, 0, 1_000_000_000),
      exitPolicy: oneOf(env, 'LOYALTY_EXIT_POLICY', ['PAYOUT', 'FORFEIT'] as const, 'PAYOUT'),
      pointValueMinor: int(env, 'LOYALTY_POINT_VALUE_MINOR', 1, 0, 1_000_000),
    },
  }),
};

// The offboarding module's configuration: notice, record retention and per-state deadlines.
import { ConfigError, type Env, int, str } from '../../config.fields';
import type { ConfigSection } from '../../module';

export interface OffboardingSettings {
  /** Notice given to a customer the bank exits, in days. */
  noticeDays: number;
  /** Records are kept this many years after closure (anti-money-laundering record keeping). */
  retentionYears: number;
  /** A case is overdue when it stays in a state longer than this many days. */
  deadlineDays: Record<string, number>;
}

declare module '../../config' {
  interface ModuleSections {
    offboarding: OffboardingSettings;
  }
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

export const offboardingConfig: ConfigSection = {
  parse: (env) => ({
    offboarding: {
      noticeDays: int(env, 'OFFBOARDING_NOTICE_DAYS', 30, 0, 365),
      retentionYears: int(env, 'RECORD_RETENTION_YEARS', 5, 1, 30),
      deadlineDays: deadlines(env),
    },
  }),
};

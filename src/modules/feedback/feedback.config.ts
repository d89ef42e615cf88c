// The feedback module's configuration: the bank's calendar (time zone, holidays), complaint deadlines
// per severity in business days, when resolved complaints close, how long a text may be, and topics
// beyond the built-in ones.
import { ConfigError, type Env, int, str } from '../../config.fields';
import type { ConfigSection } from '../../module';
import { FeedbackSeverity } from './feedback.entity';
import { parseTopicRules, type TopicRule } from './text';

export interface FeedbackSettings {
  /** IANA time zone in which business days are counted. */
  bankTimeZone: string;
  /** Days the bank is closed besides weekends, as ISO dates (YYYY-MM-DD) in the bank's time zone. */
  bankHolidays: string[];
  /** Business days to acknowledge a complaint, per severity. */
  acknowledgeDays: Record<FeedbackSeverity, number>;
  /** Business days to resolve a complaint, per severity. */
  resolveDays: Record<FeedbackSeverity, number>;
  /** A resolved complaint closes this many days after resolution unless reopened. */
  closeAfterDays: number;
  /** The longest text accepted, in characters. */
  textMaxLength: number;
  /** Topics recognised besides the built-in ones (FEEDBACK_EXTRA_TOPICS). */
  extraTopics: TopicRule[];
}

declare module '../../config' {
  interface ModuleSections {
    feedback: FeedbackSettings;
  }
}

export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

function timeZone(env: Env): string {
  const raw = str(env, 'BANK_TIMEZONE', DEFAULT_TIME_ZONE)!;
  try {
    // Throws a RangeError for a name that is not an IANA zone.
    new Intl.DateTimeFormat('en-GB', { timeZone: raw }).format(0);
  } catch {
    throw new ConfigError(`BANK_TIMEZONE must be an IANA time zone name such as Europe/Amsterdam, got "${raw}"`);
  }
  return raw;
}

function holidays(env: Env): string[] {
  const raw = str(env, 'BANK_HOLIDAYS');
  if (!raw) return [];
  const days = raw.split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of days) {
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
    if (!ok) throw new ConfigError(`BANK_HOLIDAYS must be ISO dates separated by commas (2026-12-25,2026-12-26), got "${d}"`);
  }
  return [...new Set(days)].sort();
}

/** "LOW=1,HIGH=2" over the defaults, per severity. */
function perSeverity(env: Env, name: string, defaults: Record<FeedbackSeverity, number>): Record<FeedbackSeverity, number> {
  const result = { ...defaults };
  const raw = str(env, name);
  if (!raw) return result;
  for (const part of raw.split(',')) {
    const m = /^([A-Z]+)=(\d{1,3})$/.exec(part.trim());
    if (!m || !(m[1] in result) || Number(m[2]) < 1) {
      throw new ConfigError(`${name} must look like LOW=1,CRITICAL=1 with whole days of at least 1 (severities: ${Object.keys(result).join(', ')})`);
    }
    result[m[1] as FeedbackSeverity] = Number(m[2]);
  }
  return result;
}

function extraTopics(env: Env): TopicRule[] {
  const raw = str(env, 'FEEDBACK_EXTRA_TOPICS');
  if (!raw) return [];
  try {
    return parseTopicRules(raw);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

const all = (n: number): Record<FeedbackSeverity, number> => ({ LOW: n, MEDIUM: n, HIGH: n, CRITICAL: n });

export const feedbackConfig: ConfigSection = {
  parse: (env) => {
    const acknowledgeDays = perSeverity(env, 'FEEDBACK_ACKNOWLEDGE_DAYS', all(1));
    const resolveDays = perSeverity(env, 'FEEDBACK_RESOLVE_DAYS', all(15));
    for (const s of Object.values(FeedbackSeverity)) {
      if (resolveDays[s] < acknowledgeDays[s]) {
        throw new ConfigError(`FEEDBACK_RESOLVE_DAYS for ${s} (${resolveDays[s]}) must not be shorter than FEEDBACK_ACKNOWLEDGE_DAYS (${acknowledgeDays[s]})`);
      }
    }
    return {
      feedback: {
        bankTimeZone: timeZone(env),
        bankHolidays: holidays(env),
        acknowledgeDays,
        resolveDays,
        closeAfterDays: int(env, 'FEEDBACK_CLOSE_AFTER_DAYS', 14, 1, 365),
        textMaxLength: int(env, 'FEEDBACK_TEXT_MAX_LENGTH', 4000, 100, 100_000),
        extraTopics: extraTopics(env),
      },
    };
  },
};

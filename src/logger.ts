// JSON logs. Never a token, a secret, a variable's value or personal data: the Authorization header
// and cookies are redacted, and request bodies are never logged.
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'authorization',
  'token',
  'variables',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'keel' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** At most `perMinute` lines a minute, so that a flood of bad credentials cannot flood the logs. */
export function rateLimitedLog(log: Logger, perMinute: number) {
  let windowStart = 0;
  let count = 0;
  let dropped = 0;
  return (fields: Record<string, unknown>, message: string, now = Date.now()) => {
    if (now - windowStart >= 60_000) {
      if (dropped > 0) log.warn({ dropped }, 'security log: lines dropped in the last minute');
      windowStart = now;
      count = 0;
      dropped = 0;
    }
    if (count >= perMinute) {
      dropped += 1;
      return;
    }
    count += 1;
    log.warn({ security: true, ...fields }, message);
  };
}

// A budget of cost points per caller per window. In memory on one server; in Redis when REDIS_URL is
// set, so that replicas share one budget.
import type Redis from 'ioredis';

export interface Spend {
  allowed: boolean;
  /** Points left in this window after this spend (0 when refused). */
  remaining: number;
  limit: number;
  /** Seconds until the window starts over. */
  resetInSeconds: number;
}

export interface RateLimiter {
  spend(key: string, points: number, limit: number, now: Date): Promise<Spend>;
  close(): Promise<void>;
}

function windowOf(now: Date, windowSeconds: number): { id: number; resetIn: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const id = Math.floor(seconds / windowSeconds);
  return { id, resetIn: (id + 1) * windowSeconds - seconds };
}

export function memoryRateLimiter(windowSeconds: number): RateLimiter {
  const used = new Map<string, { window: number; points: number }>();
  return {
    async spend(key, points, limit, now) {
      const w = windowOf(now, windowSeconds);
      const entry = used.get(key);
      const current = entry && entry.window === w.id ? entry.points : 0;
      if (used.size > 100_000) used.clear(); // bounded memory; a reset only forgives
      if (current + points > limit) return { allowed: false, remaining: Math.max(0, limit - current), limit, resetInSeconds: w.resetIn };
      used.set(key, { window: w.id, points: current + points });
      return { allowed: true, remaining: limit - current - points, limit, resetInSeconds: w.resetIn };
    },
    async close() {},
  };
}

// Adds the points only if they fit, atomically, so that concurrent requests on any replica never
// overspend.
const SPEND_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local points = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if used + points > limit then return {0, used} end
used = redis.call('INCRBY', KEYS[1], points)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return {1, used}
`;

export function redisRateLimiter(redis: Redis, windowSeconds: number, prefix: string): RateLimiter {
  return {
    async spend(key, points, limit, now) {
      const w = windowOf(now, windowSeconds);
      const [ok, used] = (await redis.eval(SPEND_SCRIPT, 1, `${prefix}rl:${key}:${w.id}`, points, limit, windowSeconds * 2)) as [number, number];
      return { allowed: ok === 1, remaining: Math.max(0, limit - used), limit, resetInSeconds: w.resetIn };
    },
    async close() {
      // quit() waits for a connection that may never come; a client that is not connected just stops.
      if (redis.status === 'ready') await redis.quit().catch(() => undefined);
      else redis.disconnect();
    },
  };
}

// A budget of cost points per caller per window, on rate-limiter-flexible: in memory on one server; in
// Redis when REDIS_URL is set, so that replicas share one budget, with an in-memory insurance limiter
// that keeps per-replica budgets while Redis is away.
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface Spend {
  allowed: boolean;
  /** Points left in this window after this spend (0 when refused). */
  remaining: number;
  limit: number;
  /** Seconds until the window starts over. */
  resetInSeconds: number;
}

export interface RateLimiter {
  /** Spends `points` if they fit in `limit`; 0 points only looks. A refused spend spends nothing. */
  spend(key: string, points: number, limit: number, now: Date): Promise<Spend>;
  close(): Promise<void>;
}

// Windows follow the request's clock (so tests can move it), not the library's: the window id is part of
// the key, and the library's own expiry only cleans up.
function windowOf(now: Date, windowSeconds: number): { id: number; resetIn: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const id = Math.floor(seconds / windowSeconds);
  return { id, resetIn: (id + 1) * windowSeconds - seconds };
}

/** A limiter per budget size (budgets differ per caller kind and per partner client). */
function limiterPerBudget(windowSeconds: number, make: (points: number, duration: number) => RateLimiterAbstract): RateLimiter {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (limit: number) => {
    let rl = limiters.get(limit);
    if (!rl) limiters.set(limit, (rl = make(limit, windowSeconds * 2)));
    return rl;
  };
  return {
    async spend(key, points, limit, now) {
      const w = windowOf(now, windowSeconds);
      const rl = limiterFor(limit);
      const k = `${key}:${w.id}`;
      if (points === 0) {
        const used = (await rl.get(k))?.consumedPoints ?? 0;
        return { allowed: used <= limit, remaining: Math.max(0, limit - used), limit, resetInSeconds: w.resetIn };
      }
      try {
        const res = await rl.consume(k, points);
        return { allowed: true, remaining: res.remainingPoints, limit, resetInSeconds: w.resetIn };
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        // Refused: give the points back, so that a request that did not run costs nothing.
        await rl.reward(k, points).catch(() => undefined);
        return { allowed: false, remaining: Math.max(0, limit - (err.consumedPoints - points)), limit, resetInSeconds: w.resetIn };
      }
    },
    async close() {},
  };
}

export function memoryRateLimiter(windowSeconds: number): RateLimiter {
  return limiterPerBudget(windowSeconds, (points, duration) => new RateLimiterMemory({ points, duration }));
}

/** The insurance limiter says when it stands in, so that a Redis outage shows in the log. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    opts: { points: number; duration: number },
    private readonly onUse: () => void,
  ) {
    super(opts);
  }
  consume(key: string | number, points?: number, options?: Record<string, unknown>) {
    this.onUse();
    return super.consume(key, points, options);
  }
}

export function redisRateLimiter(redis: Redis, windowSeconds: number, prefix: string, onFallback: () => void = () => undefined): RateLimiter {
  const limiter = limiterPerBudget(windowSeconds, (points, duration) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}rl`,
      points,
      duration,
      // While Redis is not connected, go straight to the insurance limiter instead of waiting.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new InsuranceLimiter({ points, duration }, onFallback),
    }),
  );
  return {
    spend: limiter.spend,
    async close() {
      // quit() waits for a connection that may never come; a client that is not connected just stops.
      if (redis.status === 'ready') await redis.quit().catch(() => undefined);
      else redis.disconnect();
    },
  };
}

// Where published domain events go: to this replica's listeners, or with Redis to every replica's.
import Redis from 'ioredis';
import type { Logger } from 'pino';

/** A domain event as consumers see it. */
export interface PublishedEvent {
  id: string;
  /** Order of raising (the outbox's sequence). */
  seq: number;
  type: string;
  occurredAt: string;
  /** The customer it concerns (a key), for book bounds; null when it concerns none. */
  customerKey: string | null;
  payload: Record<string, unknown>;
}

export type EventListener = (event: PublishedEvent) => void;

export interface EventBus {
  publish(events: PublishedEvent[]): Promise<void>;
  /** Calls `listener` with every event published from now on, on any replica sharing the bus; returns the unsubscribe. */
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

function fanOut(listeners: Set<EventListener>, event: PublishedEvent, log?: Logger): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (err) {
      log?.error({ err: { message: (err as Error).message }, event: event.type }, 'event listener failed');
    }
  }
}

/** One replica alone: published events reach this process's listeners. */
export function memoryBus(log?: Logger): EventBus {
  const listeners = new Set<EventListener>();
  return {
    async publish(events) {
      for (const e of events) fanOut(listeners, e, log);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}

/**
 * Several replicas: events go through a Redis channel, and every replica (this one too) hears each
 * event once, from the replica whose relay published it.
 */
export async function redisBus(url: string, channel: string, log: Logger): Promise<EventBus> {
  const listeners = new Set<EventListener>();
  const publisher = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2000 });
  const subscriber = new Redis(url, { connectTimeout: 2000 });
  for (const c of [publisher, subscriber]) c.on('error', (err) => log.warn({ err: { message: err.message } }, 'event bus: redis error'));
  subscriber.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    try {
      fanOut(listeners, JSON.parse(message) as PublishedEvent, log);
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'event bus: unreadable message');
    }
  });
  await subscriber.subscribe(channel);
  return {
    async publish(events) {
      for (const e of events) await publisher.publish(channel, JSON.stringify(e));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}

// A subscriber's view of the bus: the events it may see, as an async iterator that unsubscribes when
// the subscriber goes away. `select` decides per event (and may read the database: book bounds); it
// runs in order, one event at a time, and its result (or null to skip) is what the subscriber gets.
import type { EventBus, PublishedEvent } from './bus';

/** At most this many events wait for a slow subscriber; older ones are dropped (a subscriber re-reads by query). */
const MAX_BUFFERED = 1000;

export function eventStream<T>(bus: EventBus, types: readonly string[], select: (event: PublishedEvent) => Promise<T | null>): AsyncIterableIterator<T> {
  const wanted = new Set(types);
  const buffered: PublishedEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const unsubscribe = bus.subscribe((event) => {
    if (done || !wanted.has(event.type)) return;
    if (buffered.length >= MAX_BUFFERED) buffered.shift();
    buffered.push(event);
    wake?.();
  });
  const finish = () => {
    done = true;
    unsubscribe();
    wake?.();
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        const event = buffered.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const value = await select(event);
        if (value !== null) return { value, done: false };
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      finish();
      return { value: undefined, done: true };
    },
    async throw(err: unknown): Promise<IteratorResult<T>> {
      finish();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

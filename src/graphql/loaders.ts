// A per-request DataLoader of rows by key: one fetch per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from './context';

/** `fetch` reads the rows for some keys (bounded as the module needs); a key without a row loads null. */
export function keyedLoader<T>(memoKey: object, fetch: (ctx: Context, keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return (ctx: Context): DataLoader<string, T | null> =>
    ctx.memo(memoKey, () =>
      new DataLoader(async (keys) => {
        const found = new Map((await fetch(ctx, keys)).map((row) => [keyOf(row), row]));
        return keys.map((k) => found.get(k) ?? null);
      }),
    );
}

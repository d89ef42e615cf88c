// Batched per-request loaders: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { accountsByCustomerKeys, accountsByKeys } from './loyalty.queries';
import type { LoyaltyAccountView } from './loyalty.type';

function keyedBy<T>(memoKey: object, fetch: (ctx: Context, keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return (ctx: Context): DataLoader<string, T | null> =>
    ctx.memo(memoKey, () =>
      new DataLoader(async (keys) => {
        const found = new Map((await fetch(ctx, keys)).map((row) => [keyOf(row), row]));
        return keys.map((k) => found.get(k) ?? null);
      }),
    );
}

export const accountLoader = keyedBy<LoyaltyAccountView>({}, accountsByKeys, (a) => a.key);
export const customerAccountLoader = keyedBy<LoyaltyAccountView>({}, accountsByCustomerKeys, (a) => a.customerKey);

// Batched per-request loaders for offers: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { consumptionByOfferKeys, offersByKeys } from './offer.queries';
import type { OfferConsumptionView, RetentionOfferView } from './offer.type';

function keyedBy<T>(memoKey: object, fetch: (ctx: Context, keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return (ctx: Context): DataLoader<string, T | null> =>
    ctx.memo(memoKey, () =>
      new DataLoader(async (keys) => {
        const found = new Map((await fetch(ctx, keys)).map((row) => [keyOf(row), row]));
        return keys.map((k) => found.get(k) ?? null);
      }),
    );
}

export const offerLoader = keyedBy<RetentionOfferView>({}, offersByKeys, (o) => o.key);
export const consumptionLoader = keyedBy<OfferConsumptionView>({}, consumptionByOfferKeys, (c) => c.offerKey);

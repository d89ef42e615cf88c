// Batched per-request loaders: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { segmentsByKeys, segmentsOfCustomers } from './segment.queries';
import type { SegmentView } from './segment.type';

const SEGMENTS = {};
const CUSTOMER_SEGMENTS = {};

export function segmentLoader(ctx: Context): DataLoader<string, SegmentView | null> {
  return ctx.memo(SEGMENTS, () =>
    new DataLoader(async (keys) => {
      const found = new Map((await segmentsByKeys(ctx, keys)).map((s) => [s.key, s]));
      return keys.map((k) => found.get(k) ?? null);
    }),
  );
}

/** The current segments of each customer, by name. */
export function customerSegmentsLoader(ctx: Context): DataLoader<string, SegmentView[]> {
  return ctx.memo(CUSTOMER_SEGMENTS, () =>
    new DataLoader(async (keys) => {
      const groups = new Map<string, SegmentView[]>(keys.map((k) => [k, []]));
      for (const row of await segmentsOfCustomers(ctx, keys)) groups.get(row.customerKey)?.push(row.segment);
      return keys.map((k) => groups.get(k)!);
    }),
  );
}

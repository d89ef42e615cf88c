// Batched per-request loader for Customer.activity: one statement for a whole page of customers
// (one loader per `last`, since the limit is part of the statement).
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { activityByCustomerKeys } from './activity.queries';
import type { ActivitySnapshotView } from './activity.type';

const ACTIVITY = {};

export function activityLoader(ctx: Context, last: number): DataLoader<string, ActivitySnapshotView[]> {
  const byLast = ctx.memo(ACTIVITY, () => new Map<number, DataLoader<string, ActivitySnapshotView[]>>());
  let loader = byLast.get(last);
  if (!loader) {
    loader = new DataLoader(async (keys) => {
      const groups = new Map<string, ActivitySnapshotView[]>();
      for (const s of await activityByCustomerKeys(ctx, keys, last)) {
        const list = groups.get(s.customerKey);
        if (list) list.push(s);
        else groups.set(s.customerKey, [s]);
      }
      return keys.map((k) => groups.get(k) ?? []);
    });
    byLast.set(last, loader);
  }
  return loader;
}

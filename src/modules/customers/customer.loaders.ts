// Batched per-request loaders: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { accountsByCustomerKeys, customersByKeys, staffByKeys } from './customer.queries';
import type { AccountView, CustomerView, StaffMemberView } from './customer.type';

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}

function byKey<T extends { key: string }>(items: T[], keys: readonly string[]): (T | null)[] {
  const m = new Map(items.map((i) => [i.key, i]));
  return keys.map((k) => m.get(k) ?? null);
}

const ACCOUNTS = {};
const STAFF = {};
const CUSTOMERS = {};

export function accountsLoader(ctx: Context): DataLoader<string, AccountView[]> {
  return ctx.memo(ACCOUNTS, () =>
    new DataLoader(async (keys) => {
      const groups = groupBy(await accountsByCustomerKeys(ctx, keys), (a) => a.customerKey);
      return keys.map((k) => groups.get(k) ?? []);
    }),
  );
}

export function staffLoader(ctx: Context): DataLoader<string, StaffMemberView | null> {
  return ctx.memo(STAFF, () => new DataLoader(async (keys) => byKey(await staffByKeys(ctx, keys), keys)));
}

/** Customers the viewer may see, by key; out of the viewer's book is null, as for an unknown key. */
export function customerLoader(ctx: Context): DataLoader<string, CustomerView | null> {
  return ctx.memo(CUSTOMERS, () => new DataLoader(async (keys) => byKey(await customersByKeys(ctx, keys), keys)));
}

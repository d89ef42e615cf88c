// Batched per-request loaders: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { accountsByKeys, type AccountView } from '../customers/public';
import {
  casesByCustomerKeys, casesByKeys, checklistByCaseKeys, checklistItemsByKeys, retentionAttemptsByCaseKeys, transitionsByCaseKeys,
} from './offboarding.queries';
import type { LegalHoldView } from './erasure.type';
import { activeHoldsByCustomerKeys, winBackAttemptsByCustomerKeys } from './retention.queries';
import type { WinBackAttemptView } from './win-back.type';
import type { CaseTransitionView, ChecklistItemView, OffboardingCaseView, RetentionAttemptView } from './offboarding.type';

type Fetch<T> = (ctx: Context, keys: readonly string[]) => Promise<T[]>;

/** One row per key (null where the viewer may not see it or it does not exist). */
function keyed<T extends { key: string }>(memoKey: object, fetch: Fetch<T>) {
  return (ctx: Context): DataLoader<string, T | null> =>
    ctx.memo(memoKey, () =>
      new DataLoader(async (keys) => {
        const found = new Map((await fetch(ctx, keys)).map((row) => [row.key, row]));
        return keys.map((k) => found.get(k) ?? null);
      }),
    );
}

/** A list per key, in the order the query returns them. */
function grouped<T>(memoKey: object, fetch: Fetch<T>, parentOf: (row: T) => string) {
  return (ctx: Context): DataLoader<string, T[]> =>
    ctx.memo(memoKey, () =>
      new DataLoader(async (keys) => {
        const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
        for (const row of await fetch(ctx, keys)) groups.get(parentOf(row))?.push(row);
        return keys.map((k) => groups.get(k)!);
      }),
    );
}

export const caseLoader = keyed<OffboardingCaseView>({}, casesByKeys);
export const checklistItemLoader = keyed<ChecklistItemView>({}, checklistItemsByKeys);
export const accountLoader = keyed<AccountView>({}, accountsByKeys);
export const customerCasesLoader = grouped<OffboardingCaseView>({}, casesByCustomerKeys, (c) => c.customerKey);
export const historyLoader = grouped<CaseTransitionView & { caseKey: string }>({}, transitionsByCaseKeys, (t) => t.caseKey);
export const retentionAttemptsLoader = grouped<RetentionAttemptView & { caseKey: string }>({}, retentionAttemptsByCaseKeys, (a) => a.caseKey);
export const checklistLoader = grouped<ChecklistItemView>({}, checklistByCaseKeys, (i) => i.caseKey);

export const activeHoldsLoader = grouped<LegalHoldView>({}, activeHoldsByCustomerKeys, (h) => h.customerKey);
export const winBackAttemptsLoader = grouped<WinBackAttemptView>({}, winBackAttemptsByCustomerKeys, (a) => a.customerKey);

// Batched per-request loaders: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import type { Connection, PageRequest } from '../../graphql/relay';
import { exitInterviewsOfCases, feedbackByKeys, feedbackCountsOfCustomers, feedbackPagesOfCustomers, transitionsOfFeedback } from './feedback.queries';
import type { FeedbackTransitionView, FeedbackView } from './feedback.type';

const FEEDBACK = {};
const HISTORY = {};
const EXIT_INTERVIEWS = {};
const CUSTOMER_PAGES = {};
const CUSTOMER_COUNTS = {};

export function feedbackLoader(ctx: Context): DataLoader<string, FeedbackView | null> {
  return ctx.memo(FEEDBACK, () =>
    new DataLoader(async (keys) => {
      const found = new Map((await feedbackByKeys(ctx, keys)).map((f) => [f.key, f]));
      return keys.map((k) => found.get(k) ?? null);
    }),
  );
}

export function historyLoader(ctx: Context): DataLoader<string, FeedbackTransitionView[]> {
  return ctx.memo(HISTORY, () =>
    new DataLoader(async (keys) => {
      const groups = new Map<string, FeedbackTransitionView[]>(keys.map((k) => [k, []]));
      for (const t of await transitionsOfFeedback(ctx, keys)) groups.get(t.feedbackKey)?.push(t);
      return keys.map((k) => groups.get(k)!);
    }),
  );
}

/** The latest exit interview of each offboarding case (null when none, or not visible). */
export function exitInterviewLoader(ctx: Context): DataLoader<string, FeedbackView | null> {
  return ctx.memo(EXIT_INTERVIEWS, () =>
    new DataLoader(async (keys) => {
      const latest = new Map<string, FeedbackView>();
      for (const f of await exitInterviewsOfCases(ctx, keys)) if (!latest.has(f.offboardingCaseKey!)) latest.set(f.offboardingCaseKey!, f);
      return keys.map((k) => latest.get(k) ?? null);
    }),
  );
}

/** A page of each customer's feedback; one loader per distinct page request, so customers on one level share a statement. */
export function customerFeedbackLoader(ctx: Context, page: PageRequest): DataLoader<string, Connection<FeedbackView>> {
  const byPage = ctx.memo(CUSTOMER_PAGES, () => new Map<string, DataLoader<string, Connection<FeedbackView>>>());
  const id = JSON.stringify(page);
  let loader = byPage.get(id);
  if (!loader) {
    const counts = ctx.memo(CUSTOMER_COUNTS, () => new DataLoader(async (keys: readonly string[]) => {
      const found = await feedbackCountsOfCustomers(ctx, keys);
      return keys.map((k) => found.get(k) ?? 0);
    }));
    loader = new DataLoader((keys) => feedbackPagesOfCustomers(ctx, keys, page, (k) => counts.load(k)));
    byPage.set(id, loader);
  }
  return loader;
}

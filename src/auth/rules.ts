// Rule helpers for graphql-shield. Every rule fails closed: no viewer is never allowed.
import { rule, type IRules } from 'graphql-shield';
import type { Context } from '../graphql/context';
import { unauthenticated } from '../graphql/errors';

type ShieldRule = ReturnType<ReturnType<typeof rule>>;
const cache = new Map<string, ShieldRule>();

function named(name: string, make: () => ShieldRule): ShieldRule {
  let r = cache.get(name);
  if (!r) cache.set(name, (r = make()));
  return r;
}

/** Any authenticated caller, staff or partner. */
export const isAuthenticated = named('isAuthenticated', () =>
  rule('isAuthenticated', { cache: 'contextual' })((_p, _a, ctx: Context) => (ctx && ctx.viewer ? true : unauthenticated())),
);

/** Open to anyone, authenticated or not; used only where a field says so on purpose. */
export const isAnyone = named('isAnyone', () => rule('isAnyone', { cache: 'no_cache' })(() => true));

/** Merges rule trees (type → field → rule); a field defined twice is a mistake. */
export function mergeRuleTrees(...trees: IRules[]): IRules {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const tree of trees as Record<string, Record<string, unknown>>[]) {
    for (const [type, fields] of Object.entries(tree)) {
      merged[type] ??= {};
      for (const [field, r] of Object.entries(fields)) {
        if (merged[type][field] !== undefined) throw new Error(`Two rules for ${type}.${field}`);
        merged[type][field] = r;
      }
    }
  }
  return merged as IRules;
}

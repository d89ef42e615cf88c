// Rule helpers for graphql-shield. Every rule fails closed: no viewer is never allowed.
import { rule } from 'graphql-shield';
import type { Context } from '../graphql/context';
import { unauthenticated } from '../graphql/errors';
import type { Role, Scope } from './roles';
import { hasRole, hasScope } from './viewer';

type ShieldRule = ReturnType<ReturnType<typeof rule>>;
const cache = new Map<string, ShieldRule>();

function named(name: string, make: () => ShieldRule): ShieldRule {
  let r = cache.get(name);
  if (!r) cache.set(name, (r = make()));
  return r;
}

export interface Access {
  roles?: Role[];
  scopes?: Scope[];
}

/** Allowed to staff holding any of `roles` and partners holding any of `scopes`. */
export function allowed(access: Access): ShieldRule {
  const roles = [...(access.roles ?? [])].sort();
  const scopes = [...(access.scopes ?? [])].sort();
  const name = `allowed:${roles.join(',')}|${scopes.join(',')}`;
  return named(name, () =>
    rule(name, { cache: 'contextual' })((_parent, _args, ctx: Context) => {
      if (!ctx || !ctx.viewer) return unauthenticated();
      return hasRole(ctx.viewer, ...roles) || scopes.some((s) => hasScope(ctx.viewer, s));
    }),
  );
}

/** Any authenticated caller, staff or partner. */
export const isAuthenticated = named('isAuthenticated', () =>
  rule('isAuthenticated', { cache: 'contextual' })((_p, _a, ctx: Context) => (ctx && ctx.viewer ? true : unauthenticated())),
);

/** Any authenticated staff member (never a partner token). */
export const isStaff = named('isStaff', () =>
  rule('isStaff', { cache: 'contextual' })((_p, _a, ctx: Context) => {
    if (!ctx || !ctx.viewer) return unauthenticated();
    return ctx.viewer.kind === 'staff';
  }),
);

/** Open to anyone, authenticated or not; used only where a field says so on purpose. */
export const isAnyone = named('isAnyone', () => rule('isAnyone', { cache: 'no_cache' })(() => true));

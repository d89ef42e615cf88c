// Permission tables: each module declares its capabilities as data (capability → the roles that grant
// it, each with its bound → the partner scopes that grant it). Shield rules, book filters, node checks
// and masking all ask the same question of them: how far does this viewer's reach go for this capability?
// A viewer holding several roles gets, per capability, the widest bound among the roles that grant it;
// there is never one bound for the whole viewer.
import { rule, type IRules } from 'graphql-shield';
import type { Context } from '../graphql/context';
import { unauthenticated } from '../graphql/errors';
import type { Role, Scope } from './roles';
import type { Viewer } from './viewer';

/** How far a role's grant reaches: every customer, the relationship manager's own book, or the partner's own client. */
export type Bound = 'ALL' | 'OWN_BOOK' | 'OWN_CLIENT';

export interface Capability {
  /** What it lets a caller do, in the words of the README's table. */
  description: string;
  /** The roles that grant it, each with its bound. */
  roles: Partial<Record<Role, Bound>>;
  /** Partner scopes that grant it (partners reach what their bound says; ALL unless stated). */
  scopes?: Scope[];
  scopeBound?: Bound;
}

export interface NamedCapability extends Capability {
  /** "<module>.<what>", e.g. "customers.readPii". */
  name: string;
}

/** A field's requirement: one capability, all of several, or any of several. */
export type Requirement = NamedCapability | { all: NamedCapability[] } | { any: NamedCapability[] };

export interface PermissionTable {
  capabilities: Record<string, NamedCapability>;
  /** Rule-bearing fields (root fields, field resolvers, PII fields): type → field → requirement. */
  fields: Record<string, Record<string, Requirement>>;
  /** Fields that carry personal data ("Customer.email"): each must have a resolver and a row in `fields`. */
  pii?: string[];
}

/** A viewer's reach for one capability; null means not granted at all. */
export type Reach = { kind: 'ALL' } | { kind: 'OWN_BOOK'; staffUserId: string } | { kind: 'OWN_CLIENT'; clientId: string } | null;

// A relationship manager always has a staff user (checked at authentication); fail closed anyway.
const NO_ONE = '00000000-0000-0000-0000-000000000000';

/** Names a module's capabilities "<module>.<key>". */
export function defineCapabilities<K extends string>(module: string, capabilities: Record<K, Capability>): Record<K, NamedCapability> {
  const out = {} as Record<K, NamedCapability>;
  for (const key of Object.keys(capabilities) as K[]) out[key] = { ...capabilities[key], name: `${module}.${key}` };
  return out;
}

const RANK: Record<Bound, number> = { OWN_BOOK: 1, OWN_CLIENT: 1, ALL: 2 };

/** The widest bound among the viewer's roles (or scopes) that grant the capability. */
export function reachOf(viewer: Viewer | null | undefined, cap: Capability): Reach {
  if (!viewer) return null;
  if (viewer.kind === 'partner') {
    if (!(cap.scopes ?? []).some((s) => viewer.scopes.includes(s))) return null;
    const bound = cap.scopeBound ?? 'ALL';
    return bound === 'ALL' ? { kind: 'ALL' } : { kind: 'OWN_CLIENT', clientId: viewer.clientId };
  }
  let widest: Bound | null = null;
  for (const role of viewer.roles) {
    const bound = cap.roles[role];
    if (bound && (widest === null || RANK[bound] > RANK[widest])) widest = bound;
  }
  if (widest === null) return null;
  if (widest === 'OWN_BOOK') return { kind: 'OWN_BOOK', staffUserId: viewer.staffUserId ?? NO_ONE };
  // A staff role bounded to its own client is meaningless; such a grant reaches nothing.
  if (widest === 'OWN_CLIENT') return null;
  return { kind: 'ALL' };
}

export function can(viewer: Viewer | null | undefined, cap: Capability): boolean {
  return reachOf(viewer, cap) !== null;
}

/** Whether the reach covers a customer whose relationship manager is `rmKey`. */
export function reaches(reach: Reach, rmKey: string | null | undefined): boolean {
  if (reach === null) return false;
  if (reach.kind === 'OWN_BOOK') return rmKey != null && rmKey === reach.staffUserId;
  return reach.kind === 'ALL';
}

/** Whether the viewer may do it to a customer whose relationship manager is `rmKey`. */
export function canFor(viewer: Viewer | null | undefined, cap: Capability, rmKey: string | null | undefined): boolean {
  return reaches(reachOf(viewer, cap), rmKey);
}

export function capabilitiesOf(requirement: Requirement): NamedCapability[] {
  if ('all' in requirement) return requirement.all;
  if ('any' in requirement) return requirement.any;
  return [requirement];
}

export function satisfies(viewer: Viewer | null | undefined, requirement: Requirement): boolean {
  if ('all' in requirement) return requirement.all.every((c) => can(viewer, c));
  if ('any' in requirement) return requirement.any.some((c) => can(viewer, c));
  return can(viewer, requirement);
}

export function describeRequirement(requirement: Requirement): string {
  if ('all' in requirement) return requirement.all.map((c) => c.name).join(' + ');
  if ('any' in requirement) return requirement.any.map((c) => c.name).join(' | ');
  return requirement.name;
}

type ShieldRule = ReturnType<ReturnType<typeof rule>>;
const rules = new Map<string, ShieldRule>();

/** The shield rule for a requirement: fails closed, UNAUTHENTICATED without a viewer. */
export function ruleFor(requirement: Requirement): ShieldRule {
  const name = `requires:${describeRequirement(requirement)}`;
  let r = rules.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_parent, _args, ctx: Context) => {
      if (!ctx || !ctx.viewer) return unauthenticated();
      return satisfies(ctx.viewer, requirement);
    });
    rules.set(name, r);
  }
  return r;
}

/**
 * Permission rows for the fields a module adds to other modules' types (`contributes.fields`), so that
 * the declaration and the rule are written once.
 */
export function contributedFieldRows(fields: { type: string; field: string; capability: NamedCapability }[]): PermissionTable['fields'] {
  const rows: PermissionTable['fields'] = {};
  for (const f of fields) (rows[f.type] ??= {})[f.field] = f.capability;
  return rows;
}

/** The shield rule tree of a permission table. */
export function rulesOf(table: PermissionTable): IRules {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const [type, fields] of Object.entries(table.fields)) {
    tree[type] = {};
    for (const [field, requirement] of Object.entries(fields)) tree[type][field] = ruleFor(requirement);
  }
  return tree as IRules;
}

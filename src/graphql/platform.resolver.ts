// Platform root fields: who am I, and any object by its global id.
import { can } from '../auth/permissions';
import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { KeelModule, NodeSource } from '../module';
import type { Context } from './context';
import { badInput, notFound } from './errors';
import { Node, parseGlobalId } from './relay';

@ObjectType('Viewer', { description: 'The caller: a staff member or a partner app.', simpleResolvers: true })
export class ViewerView {
  @Field({ description: '"staff" or "partner".' })
  kind!: string;
  @Field({ description: 'Staff: the identity provider\'s subject. Partner: the client\'s public id.' })
  subject!: string;
  @Field(() => String, { nullable: true, description: 'Display name.' })
  name!: string | null;
  @Field(() => [String], { description: 'Staff roles (empty for partners).' })
  roles!: string[];
  @Field(() => [String], { description: 'Partner scopes (empty for staff).' })
  scopes!: string[];
}

export function nodeSourcesOf(modules: KeelModule[]): Map<string, NodeSource> {
  return new Map(modules.flatMap((m) => m.nodes ?? []).map((s) => [s.typeName, s]));
}

async function resolveNodes(ctx: Context, ids: string[]): Promise<(object | null)[]> {
  const wanted = new Map<string, string[]>();
  const parsed = ids.map((id) => parseGlobalId(id));
  for (const p of parsed) {
    if (!p) continue;
    const source = ctx.nodeSources.get(p.type);
    if (!source || !can(ctx.viewer, source.capability)) continue;
    wanted.set(p.type, [...(wanted.get(p.type) ?? []), p.key]);
  }
  const found = new Map<string, object>();
  await Promise.all(
    [...wanted].map(async ([type, keys]) => {
      const rows = await ctx.nodeSources.get(type)!.load(ctx, [...new Set(keys)]);
      for (const row of rows) found.set(`${type}:${row.key}`, row);
    }),
  );
  return parsed.map((p) => (p ? found.get(`${p.type}:${p.key}`) ?? null : null));
}

@Resolver()
export class PlatformResolver {
  @Query(() => ViewerView, { nullable: true, description: 'The caller, or null without credentials.' })
  viewer(@Ctx() ctx: Context): ViewerView | null {
    const v = ctx.viewer;
    if (!v) return null;
    return v.kind === 'staff'
      ? { kind: 'staff', subject: v.subject, name: v.name, roles: v.roles, scopes: [] }
      : { kind: 'partner', subject: v.publicId, name: v.name, roles: [], scopes: v.scopes };
  }

  @Query(() => Node, { nullable: true, description: 'Any object by its global id. Unknown or not visible to you: NOT_FOUND.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const [found] = await resolveNodes(ctx, [id]);
    if (!found) throw notFound('Node');
    return found;
  }

  @Query(() => [Node], { nullable: 'items', description: 'Objects by global id, in order; null where unknown or not visible (at most 100).' })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > 100) throw badInput(`Ask for at most 100 ids at once, got ${ids.length}`);
    return resolveNodes(ctx, ids);
  }
}

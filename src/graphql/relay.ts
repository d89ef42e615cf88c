// Relay conventions: opaque global ids (type + key), the Node interface, keyset connections.
import { ArgsType, ClassType, Field, ID, InterfaceType, Int, ObjectType } from 'type-graphql';
import { badInput, notFound } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export { toGlobalId } from '../domain/ids';

/** Decodes a global id; anything malformed is null. */
export function parseGlobalId(id: string): { type: string; key: string } | null {
  if (typeof id !== 'string' || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const raw = Buffer.from(id, 'base64url').toString('utf8');
  const sep = raw.indexOf(':');
  if (sep <= 0) return null;
  const type = raw.slice(0, sep);
  const key = raw.slice(sep + 1);
  if (!UUID.test(key)) return null;
  return { type, key };
}

/** The key of a global id of the expected type; an id of another type does not exist here. */
export function keyOf(id: string, type: string, what = type): string {
  const parsed = parseGlobalId(id);
  if (!parsed || parsed.type !== type) throw notFound(what);
  return parsed.key;
}

/** Like keyOf, but null instead of an error (for lookups that answer null for unknown ids). */
export function keyOrNull(id: string, type: string): string | null {
  const parsed = parseGlobalId(id);
  return parsed && parsed.type === type ? parsed.key : null;
}

@InterfaceType({
  description: 'An object with a global id. Any id can be fetched with `node(id:)`.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id!: string;
}

@ObjectType({ description: 'Where a page sits in its list.', simpleResolvers: true })
export class PageInfo {
  @Field({ description: 'More items after this page.' })
  hasNextPage!: boolean;
  @Field({ description: 'More items before this page.' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first item on the page.' })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last item on the page.' })
  endCursor!: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size from the start, 1..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number;
  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string;
  @Field(() => Int, { nullable: true, description: `Page size from the end, 1..${MAX_PAGE_SIZE}.` })
  last?: number;
  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string;
}

export interface PageRequest {
  /** Number of rows wanted. */
  size: number;
  /** true: walk backwards from `before` (or from the end). */
  backward: boolean;
  cursor: unknown[] | null;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    /* fall through */
  }
  throw badInput('The cursor is not valid for this list and ordering');
}

/** The type of each part of an ordering's keyset, so that a cursor's values are checked before SQL sees them. */
export type KeyPart = 'text' | 'uuid' | 'timestamp' | 'bigint';

const ISO_TIMESTAMP = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function validPart(value: unknown, part: KeyPart): boolean {
  if (typeof value !== 'string') return false;
  switch (part) {
    case 'uuid':
      return UUID.test(value.toLowerCase());
    case 'bigint':
      return /^-?\d{1,18}$/.test(value);
    case 'timestamp': {
      const m = ISO_TIMESTAMP.exec(value);
      return !!m && Number(m[1]) >= 1 && !Number.isNaN(Date.parse(value));
    }
    case 'text':
      return value.length <= 1000 && !value.includes('\u0000') && !LONE_SURROGATE.test(value);
  }
}

/**
 * The values of a page's cursor, checked against the types of the ordering's keyset: a cursor that was
 * tampered with is the caller's mistake (BAD_USER_INPUT), not a database error.
 */
export function cursorValues(page: PageRequest, parts: readonly KeyPart[]): unknown[] | null {
  if (!page.cursor) return null;
  if (page.cursor.length !== parts.length || !page.cursor.every((v, i) => validPart(v, parts[i]))) {
    throw badInput('The cursor is not valid for this list and ordering');
  }
  return page.cursor;
}

/** Validates first/after/last/before and turns them into one page request. */
export function pageRequest(args: ConnectionArgs, arity: number): PageRequest {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw badInput('Pass either `first` or `last`, not both');
  for (const [name, v] of [['first', first], ['last', last]] as const) {
    if (v != null && (v < 1 || v > MAX_PAGE_SIZE)) {
      throw badInput(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${v}`);
    }
  }
  if (last != null || (before != null && first == null)) {
    return { size: last ?? DEFAULT_PAGE_SIZE, backward: true, cursor: before ? decodeCursor(before, arity) : null };
  }
  return { size: first ?? DEFAULT_PAGE_SIZE, backward: false, cursor: after ? decodeCursor(after, arity) : null };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Called by GraphQL's default resolver only when the field is selected. */
  totalCount: () => Promise<number>;
}

/**
 * Builds a connection from rows fetched with one extra row (size + 1) in walking order.
 * `cursorOf` gives the keyset values of a row.
 */
export function toConnection<R, T>(
  rows: R[],
  page: PageRequest,
  cursorOf: (row: R) => unknown[],
  toNode: (row: R) => T,
  totalCount: () => Promise<number>,
): Connection<T> {
  const hasMore = rows.length > page.size;
  const slice = hasMore ? rows.slice(0, page.size) : rows;
  if (page.backward) slice.reverse();
  const edges = slice.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.backward ? page.cursor !== null : hasMore,
      hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `An edge in a list of ${name}.`, simpleResolvers: true })
  class Edge {
    @Field({ description: 'Opaque cursor for this position.' })
    cursor!: string;
    @Field(() => nodeType, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name}.`, simpleResolvers: true })
  class ConnectionClass {
    @Field(() => [Edge], { description: 'The items on this page, each with its cursor.' })
    edges!: Edge[];
    @Field(() => PageInfo, { description: 'Where this page sits in the list.' })
    pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Number of items in the whole list; costs a count, ask only when needed.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

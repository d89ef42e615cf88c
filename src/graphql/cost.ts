// Query cost, computed from the document before execution. Like GitHub's node limit: a connection
// counts its page size times the cost of what is selected inside it; a count or a plain list
// counts too. Scalars are free, every object (or list of objects) fetched costs one per parent.
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isAbstractType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './relay';

/** Assumed length of a list field without a size argument (e.g. a customer's accounts). */
export const DEFAULT_LIST_SIZE = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argValue(field: FieldNode, name: string, walk: Walk): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, walk.variables);
}

function pageSize(field: FieldNode, walk: Walk): number {
  const first = argValue(field, 'first', walk);
  const last = argValue(field, 'last', walk);
  const n = typeof first === 'number' ? first : typeof last === 'number' ? last : DEFAULT_PAGE_SIZE;
  return Math.max(0, n);
}

function listSize(field: FieldNode, walk: Walk): number {
  const ids = argValue(field, 'ids', walk);
  if (Array.isArray(ids)) return ids.length;
  for (const name of ['first', 'last', 'limit']) {
    const v = argValue(field, name, walk);
    if (typeof v === 'number') return Math.max(0, v);
  }
  return DEFAULT_LIST_SIZE;
}

function possibleTypes(schema: GraphQLSchema, type: GraphQLNamedType): GraphQLNamedType[] {
  return isAbstractType(type) ? [...schema.getPossibleTypes(type)] : [type];
}

/** Does a fragment's type condition apply to `concrete`? */
function applies(walk: Walk, condition: string | undefined, concrete: GraphQLNamedType): boolean {
  if (!condition) return true;
  const on = walk.schema.getType(condition);
  return !!on && (on === concrete || (isAbstractType(on) && walk.schema.isSubType(on, concrete as never)));
}

/**
 * The fields a selection set selects on a concrete type, with fragments and inline fragments
 * flattened (a fragment spread twice, or in a cycle, counts once).
 */
function collectFields(set: SelectionSetNode | undefined, concrete: GraphQLNamedType, walk: Walk, seen: Set<string>, out: FieldNode[] = []): FieldNode[] {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (applies(walk, sel.typeCondition?.name.value, concrete)) collectFields(sel.selectionSet, concrete, walk, seen, out);
    } else {
      const frag = walk.fragments[sel.name.value];
      if (!frag || seen.has(frag.name.value) || !applies(walk, frag.typeCondition.name.value, concrete)) continue;
      seen.add(frag.name.value);
      collectFields(frag.selectionSet, concrete, walk, seen, out);
      seen.delete(frag.name.value);
    }
  }
  return out;
}

function selectionCost(set: SelectionSetNode | undefined, type: GraphQLNamedType, walk: Walk, seen: Set<string>): number {
  if (!set) return 0;
  // For an interface or union, the most expensive possible type decides.
  let worst = 0;
  for (const concrete of possibleTypes(walk.schema, type)) {
    const total = collectFields(set, concrete, walk, seen).reduce((n, f) => n + fieldCost(f, concrete, walk, seen), 0);
    worst = Math.max(worst, total);
  }
  return worst;
}

function fieldCost(node: FieldNode, parent: GraphQLNamedType, walk: Walk, seen: Set<string>): number {
  if (!isObjectType(parent) || node.name.value.startsWith('__')) return 0;
  const def: GraphQLField<unknown, unknown> | undefined = parent.getFields()[node.name.value];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (named.name.endsWith('Connection') && isObjectType(named)) {
    // The connection itself, its count when asked, and page size × what each edge selects, however
    // the selection is written (fragments included).
    const size = pageSize(node, walk);
    let cost = 1;
    for (const f of collectFields(node.selectionSet, named, walk, seen)) {
      if (f.name.value === 'totalCount') cost += 1;
      if (f.name.value === 'edges') cost += size * selectionCost(f.selectionSet, getNamedType(named.getFields().edges.type), walk, seen);
    }
    return cost;
  }
  if (!node.selectionSet) return 0;
  const inner = selectionCost(node.selectionSet, named, walk, seen);
  const list = isListType(getNullableType(def.type));
  return list ? listSize(node, walk) * (1 + inner) : 1 + inner;
}

/** Items in an input (array elements, at any depth): a batch of 1,000 costs more than one item. */
function itemsIn(value: unknown, depth = 0): number {
  if (depth > 5 || value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.length + value.reduce((n: number, v) => n + itemsIn(v, depth + 1), 0);
  return Object.values(value).reduce((n: number, v) => n + itemsIn(v, depth + 1), 0);
}

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const walk = { schema, fragments, variables };
  let base = 0;
  if (operation.operation === 'mutation') {
    // A mutation costs at least ten (it writes), plus one per item it carries; fragments included.
    for (const f of collectFields(operation.selectionSet, root, walk, new Set())) {
      if (!f.name.value.startsWith('__')) base += 10 + itemsIn(argValue(f, 'input', walk));
    }
  }
  return base + selectionCost(operation.selectionSet, root, walk, new Set());
}

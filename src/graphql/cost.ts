// Query cost, computed from the document before execution. Like GitHub's node limit: a connection
// counts its page size times the cost of what is selected inside it; a count or a plain list
// counts too. Scalars are free, every object (or list of objects) fetched costs one per parent.
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
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
  /** The operation's root type (introspection is priced only there). */
  root: GraphQLNamedType;
  /** Cost of a fragment on a concrete type, computed once per operation. */
  memo: Map<string, number>;
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

/** Cost of a selection set on one concrete type. A fragment's cost per type is computed once (memoised). */
function costOn(set: SelectionSetNode | undefined, concrete: GraphQLNamedType, walk: Walk, seen: Set<string>): number {
  let total = 0;
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) total += fieldCost(sel, concrete, walk, seen);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (applies(walk, sel.typeCondition?.name.value, concrete)) total += costOn(sel.selectionSet, concrete, walk, seen);
    } else {
      const frag = walk.fragments[sel.name.value];
      if (!frag || seen.has(frag.name.value) || !applies(walk, frag.typeCondition.name.value, concrete)) continue;
      const key = `${frag.name.value}@${concrete.name}`;
      let cost = walk.memo.get(key);
      if (cost === undefined) {
        seen.add(frag.name.value);
        cost = costOn(frag.selectionSet, concrete, walk, seen);
        seen.delete(frag.name.value);
        walk.memo.set(key, cost);
      }
      total += cost;
    }
  }
  return total;
}

function selectionCost(set: SelectionSetNode | undefined, type: GraphQLNamedType, walk: Walk, seen: Set<string>): number {
  if (!set) return 0;
  // For an interface or union, the most expensive possible type decides.
  let worst = 0;
  for (const concrete of possibleTypes(walk.schema, type)) worst = Math.max(worst, costOn(set, concrete, walk, seen));
  return worst;
}

/**
 * What an introspection field returns, one point per schema element: each type, field, argument, input
 * field and enum value it lists (type references inside them are small and not counted). GraphiQL's
 * full query costs about as many points as the schema has elements.
 */
function introspectionCost(node: FieldNode, walk: Walk): number {
  const typeFields = walk.schema.getType('__Type') as GraphQLNamedType;
  const typesCost = (set: SelectionSetNode | undefined, types: GraphQLNamedType[]): number => {
    const selected = new Map(collectFields(set, typeFields, walk, new Set()).map((f) => [f.name.value, f]));
    const argsToo = !!selected.get('fields') && collectFields(selected.get('fields')!.selectionSet, walk.schema.getType('__Field') as GraphQLNamedType, walk, new Set()).some((f) => f.name.value === 'args');
    let n = 0;
    for (const t of types) {
      n += 1;
      if (selected.has('fields') && (isObjectType(t) || isInterfaceType(t))) {
        for (const f of Object.values(t.getFields())) n += 1 + (argsToo ? f.args.length : 0);
      }
      if (selected.has('inputFields') && isInputObjectType(t)) n += Object.keys(t.getFields()).length;
      if (selected.has('enumValues') && isEnumType(t)) n += t.getValues().length;
      if (selected.has('interfaces') && (isObjectType(t) || isInterfaceType(t))) n += t.getInterfaces().length;
      if (selected.has('possibleTypes') && isAbstractType(t)) n += walk.schema.getPossibleTypes(t).length;
    }
    return n;
  };
  if (node.name.value === '__type') {
    const name = argValue(node, 'name', walk);
    const type = typeof name === 'string' ? walk.schema.getType(name) : undefined;
    return type ? typesCost(node.selectionSet, [type]) : 1;
  }
  if (node.name.value !== '__schema') return 0; // __typename
  let n = 1;
  const roots = { queryType: walk.schema.getQueryType(), mutationType: walk.schema.getMutationType(), subscriptionType: walk.schema.getSubscriptionType() };
  for (const f of collectFields(node.selectionSet, walk.schema.getType('__Schema') as GraphQLNamedType, walk, new Set())) {
    const name = f.name.value;
    if (name === 'types') n += typesCost(f.selectionSet, Object.values(walk.schema.getTypeMap()));
    else if (name in roots) {
      const root = roots[name as keyof typeof roots];
      n += root ? typesCost(f.selectionSet, [root]) : 0;
    } else if (name === 'directives') n += walk.schema.getDirectives().reduce((sum, d) => sum + 1 + d.args.length, 0);
  }
  return n;
}

function fieldCost(node: FieldNode, parent: GraphQLNamedType, walk: Walk, seen: Set<string>): number {
  if (node.name.value.startsWith('__')) return parent === walk.root ? introspectionCost(node, walk) : 0;
  if (!isObjectType(parent)) return 0;
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
  if (!root) return 1;
  const walk: Walk = { schema, fragments, variables, root, memo: new Map() };
  let base = 0;
  if (operation.operation === 'mutation') {
    // A mutation costs at least ten (it writes), plus one per item it carries; fragments included.
    for (const f of collectFields(operation.selectionSet, root, walk, new Set())) {
      if (!f.name.value.startsWith('__')) base += 10 + itemsIn(argValue(f, 'input', walk));
    }
  }
  // Nothing is free: `{ __typename }` spends a point like any other request.
  return Math.max(1, base + selectionCost(operation.selectionSet, root, walk, new Set()));
}

// Query shape limits, checked before any resolver runs.
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from './errors';

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, http: { status: 400 } } });
}

/** Introspection has its own, deeper shape (type references nest); GraphiQL's query needs about 13. */
export const MAX_INTROSPECTION_DEPTH = 20;

function depthOf(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
  introspection: boolean,
): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      // The data depth leaves introspection out; the full depth counts everything.
      if (!introspection && sel.name.value.startsWith('__')) continue;
      max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, fragments, seen, introspection) : 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen, introspection));
    } else {
      const name = sel.name.value;
      if (seen.has(name) || !fragments[name]) continue;
      seen.add(name);
      max = Math.max(max, depthOf(fragments[name].selectionSet, fragments, seen, introspection));
      seen.delete(name);
    }
  }
  return max;
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return fragments;
}

/** Depth of the data the operation asks for (introspection left out). */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return depthOf(operation.selectionSet, fragmentsOf(document), new Set(), false);
}

/** Depth of the operation counting every field, introspection included. */
export function fullDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return depthOf(operation.selectionSet, fragmentsOf(document), new Set(), true);
}

export function aliasCount(document: DocumentNode): number {
  let n = 0;
  visit(document, {
    Field(node) {
      if (node.alias) n += 1;
    },
  });
  return n;
}

/**
 * Refuses over-deep or over-aliased operations. Called by the cost plugin before it prices or spends
 * anything (Apollo runs the plugins' didResolveOperation hooks together, so a separate plugin could
 * not stop the spend). A validation rule would do, but Apollo rewrites every validation error's code.
 */
export function assertShape(document: DocumentNode, operation: OperationDefinitionNode, limits: { maxDepth: number; maxAliases: number }): void {
  const depth = operationDepth(document, operation);
  if (depth > limits.maxDepth) throw tooComplex(`Query depth ${depth} exceeds the maximum of ${limits.maxDepth}`);
  const full = fullDepth(document, operation);
  if (full > Math.max(MAX_INTROSPECTION_DEPTH, limits.maxDepth)) {
    throw tooComplex(`Introspection depth ${full} exceeds the maximum of ${MAX_INTROSPECTION_DEPTH}`);
  }
  const aliases = aliasCount(document);
  if (aliases > limits.maxAliases) throw tooComplex(`${aliases} aliases exceed the maximum of ${limits.maxAliases}`);
}

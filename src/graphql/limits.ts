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

function depthOf(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue; // introspection has its own shape
      max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, fragments, seen) : 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      if (seen.has(name) || !fragments[name]) continue;
      seen.add(name);
      max = Math.max(max, depthOf(fragments[name].selectionSet, fragments, seen));
      seen.delete(name);
    }
  }
  return max;
}

export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return depthOf(operation.selectionSet, fragments, new Set());
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
  const aliases = aliasCount(document);
  if (aliases > limits.maxAliases) throw tooComplex(`${aliases} aliases exceed the maximum of ${limits.maxAliases}`);
}

// Query shape limits. Counts that bound the work on any document come first (tokens and nesting while
// lexing, fragment spreads and expanded selections right after parsing), so that validation, depth,
// cost and execution only ever walk a document of bounded size. Then depth and aliases per operation.
import {
  GraphQLError,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from './errors';

/** Which limit refused a document; sent as extensions.limit. */
export type Limit = 'tokens' | 'depth' | 'fragmentSpreads' | 'selections' | 'aliases' | 'introspectionDepth' | 'cost';

/** Tokens in a document (comments excluded). GraphiQL's introspection query has about 160. */
export const MAX_TOKENS = 10_000;
/** Nesting of braces, brackets and parentheses. The parser recurses on them; this keeps it shallow. */
export const MAX_NESTING = 64;
/** Fragment spreads in a document. */
export const MAX_FRAGMENT_SPREADS = 100;
/** Fields selected once every fragment is expanded where it is spread. */
export const MAX_SELECTIONS = 1_000;

export function tooComplex(message: string, limit: Limit): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, http: { status: 400 } } });
}

/**
 * One pass of the lexer (linear, no recursion): refuses a document with too many tokens or nested too
 * deeply, before the parser sees it. A lexical error is left for the parser to report.
 */
export function assertSourceBounds(source: string): void {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > MAX_TOKENS) throw tooComplex(`The document has more than ${MAX_TOKENS} tokens`, 'tokens');
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        if (++nesting > MAX_NESTING) throw tooComplex(`The document nests deeper than ${MAX_NESTING} levels`, 'depth');
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) {
        nesting -= 1;
      }
    }
  } catch (err) {
    if (err instanceof GraphQLError && err.extensions?.code === ErrorCode.QUERY_TOO_COMPLEX) throw err;
  }
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return fragments;
}

/**
 * Refuses a parsed document with too many fragment spreads or too many selections once fragments are
 * expanded. Each fragment's expanded size is computed once (memoised), so the count is linear in the
 * document even when it would expand exponentially; a cycle counts as nothing here (validation refuses it).
 */
export function assertDocumentCounts(document: DocumentNode): void {
  let spreads = 0;
  visit(document, {
    FragmentSpread() {
      spreads += 1;
    },
  });
  if (spreads > MAX_FRAGMENT_SPREADS) {
    throw tooComplex(`The document has ${spreads} fragment spreads; the maximum is ${MAX_FRAGMENT_SPREADS}`, 'fragmentSpreads');
  }
  const fragments = fragmentsOf(document);
  const sizes = new Map<string, number>();
  const sizeOf = (set: SelectionSetNode | undefined): number => {
    let n = 0;
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) n += 1 + sizeOf(sel.selectionSet);
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += sizeOf(sel.selectionSet);
      else {
        const name = sel.name.value;
        if (!sizes.has(name)) {
          sizes.set(name, 0); // in progress: a cycle adds nothing
          sizes.set(name, fragments[name] ? sizeOf(fragments[name].selectionSet) : 0);
        }
        n += sizes.get(name)!;
      }
      if (n > MAX_SELECTIONS) return n; // no need to count further (and no overflow)
    }
    return n;
  };
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const n = sizeOf(def.selectionSet);
    if (n > MAX_SELECTIONS) throw tooComplex(`The operation selects more than ${MAX_SELECTIONS} fields once fragments are expanded`, 'selections');
  }
}

/**
 * All the counts on a document's text, before anything else reads it: the refusal, or null. A document
 * that does not parse is left for Apollo Server to report as it does.
 */
export function assertDocumentBounds(source: string): GraphQLError | null {
  try {
    assertSourceBounds(source);
    let document: DocumentNode;
    try {
      document = parse(source, { maxTokens: MAX_TOKENS, noLocation: true });
    } catch {
      return null;
    }
    assertDocumentCounts(document);
    return null;
  } catch (err) {
    if (err instanceof GraphQLError) return err;
    throw err;
  }
}

/** Introspection has its own, deeper shape (type references nest); GraphiQL's query needs about 13. */
export const MAX_INTROSPECTION_DEPTH = 20;

/** Depth of a selection set; each fragment's depth is computed once (memoised), so this is linear. */
function depthOf(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  memo: Map<string, number>,
  introspection: boolean,
): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      // The data depth leaves introspection out; the full depth counts everything.
      if (!introspection && sel.name.value.startsWith('__')) continue;
      max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, fragments, memo, introspection) : 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, memo, introspection));
    } else {
      const name = sel.name.value;
      if (!fragments[name]) continue;
      if (!memo.has(name)) {
        memo.set(name, 0); // in progress: a cycle adds nothing
        memo.set(name, depthOf(fragments[name].selectionSet, fragments, memo, introspection));
      }
      max = Math.max(max, memo.get(name)!);
    }
  }
  return max;
}

/** Depth of the data the operation asks for (introspection left out). */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return depthOf(operation.selectionSet, fragmentsOf(document), new Map(), false);
}

/** Depth of the operation counting every field, introspection included. */
export function fullDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return depthOf(operation.selectionSet, fragmentsOf(document), new Map(), true);
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
  if (depth > limits.maxDepth) throw tooComplex(`Query depth ${depth} exceeds the maximum of ${limits.maxDepth}`, 'depth');
  const full = fullDepth(document, operation);
  if (full > Math.max(MAX_INTROSPECTION_DEPTH, limits.maxDepth)) {
    throw tooComplex(`Introspection depth ${full} exceeds the maximum of ${MAX_INTROSPECTION_DEPTH}`, 'introspectionDepth');
  }
  const aliases = aliasCount(document);
  if (aliases > limits.maxAliases) throw tooComplex(`${aliases} aliases exceed the maximum of ${limits.maxAliases}`, 'aliases');
}

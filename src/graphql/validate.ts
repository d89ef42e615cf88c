// Input validation: userErrors for what a mutation's caller can fix, and the platform's checks on every
// argument and variable (answered as BAD_USER_INPUT before anything runs).
import { validate, type ValidationError } from 'class-validator';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { ErrorCode, userError, type UserError } from './errors';

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => userError(here, 'INVALID', message));
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

export async function validateInput(input: object, path: string[] = ['input']): Promise<UserError[]> {
  const errors = await validate(input, { forbidUnknownValues: false, validationError: { target: false, value: false } });
  return flatten(errors, path);
}

/**
 * The longest list accepted anywhere in arguments or variables. Above the largest batch a module takes
 * (1,000 items), so that a module's own limit answers with its userError first.
 */
export const MAX_LIST_ITEMS = 2_000;
/** Nesting of objects and lists in variables. */
const MAX_INPUT_DEPTH = 32;
// A lone UTF-16 surrogate cannot be encoded for the database (nor for anything else).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function stringProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(s)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

function inputError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

function checkValue(value: unknown, path: string, depth: number): void {
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem) throw inputError(`Variable "$${path}" ${problem}`);
  } else if (value !== null && typeof value === 'object') {
    if (depth > MAX_INPUT_DEPTH) throw inputError(`Variable "$${path}" nests deeper than ${MAX_INPUT_DEPTH} levels`);
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_ITEMS) throw inputError(`Variable "$${path}" has ${value.length} items; a list takes at most ${MAX_LIST_ITEMS}`);
      value.forEach((v, i) => checkValue(v, `${path}.${i}`, depth + 1));
    } else {
      for (const [k, v] of Object.entries(value)) checkValue(v, `${path}.${k.slice(0, 64)}`, depth + 1);
    }
  }
}

/**
 * Platform checks on what a caller sends, for every argument and variable of every operation, before
 * any resolver runs: no NUL or ill-formed Unicode in a string, no list longer than MAX_LIST_ITEMS.
 */
export function assertClientInput(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  assertDocumentInput(document);
  assertVariableInput(variables);
}

/** The document's part of assertClientInput: its literal strings and lists. */
export function assertDocumentInput(document: DocumentNode): void {
  visit(document, {
    StringValue(node) {
      const problem = stringProblem(node.value);
      if (problem) throw inputError(`A string in the document ${problem}`);
    },
    ListValue(node) {
      if (node.values.length > MAX_LIST_ITEMS) throw inputError(`A list in the document has ${node.values.length} items; a list takes at most ${MAX_LIST_ITEMS}`);
    },
  });
}

/** The variables' part of assertClientInput (they change with every request). */
export function assertVariableInput(variables: Record<string, unknown> | null | undefined): void {
  for (const [name, value] of Object.entries(variables ?? {})) checkValue(value, name.slice(0, 64), 0);
}

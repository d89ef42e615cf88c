// Domain errors: what services throw. They know nothing of GraphQL; one mapper (src/graphql/domain-errors.ts)
// turns them into userErrors in a mutation's payload or into GraphQL errors with a code.

/** How a domain error reaches the caller: a problem with the input they can fix, or a request-level refusal. */
export type Outcome = 'USER_ERROR' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT';

/** One thing wrong, at a path of the input (e.g. ["input", "items", "3", "email"]). */
export interface Problem<C extends string = string> {
  field: string[];
  code: C;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** Codes every module shares: objects the caller cannot see, refusals, races, and invalid input. */
export enum CommonErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
}

const COMMON: Record<CommonErrorCode, Outcome> = { INVALID: 'USER_ERROR', NOT_FOUND: 'NOT_FOUND', FORBIDDEN: 'FORBIDDEN', CONFLICT: 'CONFLICT' };

export function problem<C extends string>(field: string[], code: C, message: string): Problem<C> {
  return { field, code, message };
}

/** The object does not exist for this caller (unknown, or outside their reach: the same answer). */
export function notFound(what: string): never {
  throw new DomainError('NOT_FOUND', [problem([], CommonErrorCode.NOT_FOUND, `${what} not found`)]);
}

export function forbidden(message: string): never {
  throw new DomainError('FORBIDDEN', [problem([], CommonErrorCode.FORBIDDEN, message)]);
}

/** Someone else changed it first: read it again. */
export function conflict(message: string): never {
  throw new DomainError('CONFLICT', [problem([], CommonErrorCode.CONFLICT, message)]);
}

/** Refuses with userErrors (rolls the transaction back). */
export function invalid(problems: Problem[]): never {
  throw new DomainError('USER_ERROR', problems);
}

/**
 * A module's error codes and how each reaches the caller. `Record<C, Outcome>` makes the table exhaustive:
 * a new code without an outcome fails type-checking.
 */
export function domainErrors<C extends string>(outcomes: Record<C, Outcome>) {
  const all = { ...COMMON, ...outcomes } as Record<C | CommonErrorCode, Outcome>;
  return {
    outcomes: all,
    /** Refuses the whole operation with one problem. */
    fail(code: C | CommonErrorCode, message: string, field: string[] = ['input']): never {
      throw new DomainError(all[code], [problem(field, code, message)]);
    },
  };
}

// The one mapper from domain errors to what GraphQL callers see: userErrors in a payload, or an error
// with the outcome as its code.
import { type DomainError } from '../domain/errors';
import { ErrorCode, keelError } from './errors';

const CODES = { NOT_FOUND: ErrorCode.NOT_FOUND, FORBIDDEN: ErrorCode.FORBIDDEN, CONFLICT: ErrorCode.CONFLICT, USER_ERROR: ErrorCode.BAD_USER_INPUT } as const;

/** A domain error outside a payload (a query, or a refusal): a GraphQL error with a public code. */
export function graphqlErrorOf(err: DomainError) {
  const first = err.problems[0];
  return keelError(CODES[err.outcome], err.message, first && first.code !== CODES[err.outcome] ? { reason: first.code } : {});
}

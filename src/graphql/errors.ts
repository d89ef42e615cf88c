// Error codes in one place. GraphQL errors are for what the caller's input cannot fix; anything the
// caller can fix is a userError in the mutation payload.
import { GraphQLError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  CONFLICT = 'CONFLICT',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The request ran past its time limit and was stopped; anything it was writing was rolled back. */
  TIMEOUT = 'TIMEOUT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

export const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode));

export function keelError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/**
 * For errors raised before execution (authentication, limits) where an HTTP status helps clients; a
 * `retryAfterSeconds` is also sent as the Retry-After header.
 */
export function requestError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  const retryAfter = typeof extra.retryAfterSeconds === 'number' ? new Map([['retry-after', String(Math.max(1, Math.ceil(extra.retryAfterSeconds)))]]) : undefined;
  return new GraphQLError(message, { extensions: { code, ...extra, ...(status ? { http: { status, ...(retryAfter ? { headers: retryAfter } : {}) } } : {}) } });
}

export const unauthenticated = (message = 'Authentication required') => keelError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed') => keelError(ErrorCode.FORBIDDEN, message);
export const notFound = (what = 'Object') => keelError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string) => keelError(ErrorCode.CONFLICT, message);
export const badInput = (message: string) => keelError(ErrorCode.BAD_USER_INPUT, message);

@ObjectType({ description: 'A problem with the input that the caller can fix.', simpleResolvers: true })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field at fault, e.g. ["input", "items", "3", "email"].' })
  field!: string[];

  @Field({ description: 'What is wrong, in words a person can act on.' })
  message!: string;

  @Field({ description: 'Machine-readable reason, from the module\'s error codes.' })
  code!: string;
}

export function userError(field: string[], code: string, message: string): UserError {
  return { field, code, message };
}

// The segments module's error codes, in one enum, and how each reaches the caller.
import { domainErrors } from '../../domain/errors';

export enum SegmentErrorCode {
  INVALID = 'INVALID',
  INVALID_RULE = 'INVALID_RULE',
  UNKNOWN_FIELD = 'UNKNOWN_FIELD',
  FIELD_NOT_ALLOWED = 'FIELD_NOT_ALLOWED',
  OPERATOR_DOES_NOT_FIT = 'OPERATOR_DOES_NOT_FIT',
  VALUE_DOES_NOT_FIT = 'VALUE_DOES_NOT_FIT',
  RULE_TOO_DEEP = 'RULE_TOO_DEEP',
  RULE_TOO_LARGE = 'RULE_TOO_LARGE',
  NAME_TAKEN = 'NAME_TAKEN',
  NOT_DYNAMIC = 'NOT_DYNAMIC',
  NOT_STATIC = 'NOT_STATIC',
  TOO_MANY_IDS = 'TOO_MANY_IDS',
  UNKNOWN_CUSTOMERS = 'UNKNOWN_CUSTOMERS',
  RULE_FIELD_GONE = 'RULE_FIELD_GONE',
}

export const segmentErrors = domainErrors<SegmentErrorCode>({
  INVALID: 'USER_ERROR',
  INVALID_RULE: 'USER_ERROR',
  UNKNOWN_FIELD: 'USER_ERROR',
  FIELD_NOT_ALLOWED: 'USER_ERROR',
  OPERATOR_DOES_NOT_FIT: 'USER_ERROR',
  VALUE_DOES_NOT_FIT: 'USER_ERROR',
  RULE_TOO_DEEP: 'USER_ERROR',
  RULE_TOO_LARGE: 'USER_ERROR',
  NAME_TAKEN: 'USER_ERROR',
  NOT_DYNAMIC: 'USER_ERROR',
  NOT_STATIC: 'USER_ERROR',
  TOO_MANY_IDS: 'USER_ERROR',
  UNKNOWN_CUSTOMERS: 'USER_ERROR',
  RULE_FIELD_GONE: 'USER_ERROR',
});

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuse(code: SegmentErrorCode, message: string, field: string[] = ['input']): never {
  return segmentErrors.fail(code, message, field);
}

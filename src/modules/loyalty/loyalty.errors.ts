// Loyalty's error codes, in one enum: refused postings and rules answer with these as userErrors.
import { domainErrors } from '../../domain/errors';

export enum LoyaltyErrorCode {
  INVALID = 'INVALID',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  INSUFFICIENT_POINTS = 'INSUFFICIENT_POINTS',
  ACCOUNT_CLOSED = 'ACCOUNT_CLOSED',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  CUSTOMER_NOT_ACTIVE = 'CUSTOMER_NOT_ACTIVE',
  REASON_REQUIRED = 'REASON_REQUIRED',
  ALREADY_REVERSED = 'ALREADY_REVERSED',
  NOT_REVERSIBLE = 'NOT_REVERSIBLE',
  APPROVER_IS_REQUESTER = 'APPROVER_IS_REQUESTER',
  NOT_PENDING = 'NOT_PENDING',
  NOTHING_TO_SETTLE = 'NOTHING_TO_SETTLE',
  NOTHING_TO_CHANGE = 'NOTHING_TO_CHANGE',
  TOO_MANY = 'TOO_MANY',
  UNKNOWN_CUSTOMER = 'UNKNOWN_CUSTOMER',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

export const loyaltyErrors = domainErrors<LoyaltyErrorCode>({
  INVALID: 'USER_ERROR',
  INVALID_AMOUNT: 'USER_ERROR',
  INSUFFICIENT_POINTS: 'USER_ERROR',
  ACCOUNT_CLOSED: 'USER_ERROR',
  ACCOUNT_SUSPENDED: 'USER_ERROR',
  ALREADY_ENROLLED: 'USER_ERROR',
  CUSTOMER_NOT_ACTIVE: 'USER_ERROR',
  REASON_REQUIRED: 'USER_ERROR',
  ALREADY_REVERSED: 'USER_ERROR',
  NOT_REVERSIBLE: 'USER_ERROR',
  APPROVER_IS_REQUESTER: 'USER_ERROR',
  NOT_PENDING: 'USER_ERROR',
  NOTHING_TO_SETTLE: 'USER_ERROR',
  NOTHING_TO_CHANGE: 'USER_ERROR',
  TOO_MANY: 'USER_ERROR',
  UNKNOWN_CUSTOMER: 'USER_ERROR',
  // The same key with a different request: not something to retry with the same key.
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
});

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuse(code: LoyaltyErrorCode, message: string, field: string[] = ['input']): never {
  return loyaltyErrors.fail(code, message, field);
}

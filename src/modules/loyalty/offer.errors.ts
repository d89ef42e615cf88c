// Retention offers' error codes, in one enum: what a proposal or an answer can be refused for.
import { domainErrors } from '../../domain/errors';

export enum OfferErrorCode {
  INVALID = 'INVALID',
  INVALID_VALUE = 'INVALID_VALUE',
  INVALID_VALIDITY = 'INVALID_VALIDITY',
  OFFER_RETIRED = 'OFFER_RETIRED',
  OFFER_NOT_VALID_NOW = 'OFFER_NOT_VALID_NOW',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  NO_MARKETING_CONSENT = 'NO_MARKETING_CONSENT',
  BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED',
  ALREADY_PROPOSED = 'ALREADY_PROPOSED',
  ALREADY_ANSWERED = 'ALREADY_ANSWERED',
  OFFER_EXPIRED = 'OFFER_EXPIRED',
  CUSTOMER_NOT_ACTIVE = 'CUSTOMER_NOT_ACTIVE',
  WRONG_CUSTOMER = 'WRONG_CUSTOMER',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

export const offerErrors = domainErrors<OfferErrorCode>({
  INVALID: 'USER_ERROR',
  INVALID_VALUE: 'USER_ERROR',
  INVALID_VALIDITY: 'USER_ERROR',
  OFFER_RETIRED: 'USER_ERROR',
  OFFER_NOT_VALID_NOW: 'USER_ERROR',
  NOT_ELIGIBLE: 'USER_ERROR',
  NO_MARKETING_CONSENT: 'USER_ERROR',
  BUDGET_EXHAUSTED: 'USER_ERROR',
  ALREADY_PROPOSED: 'USER_ERROR',
  ALREADY_ANSWERED: 'USER_ERROR',
  OFFER_EXPIRED: 'USER_ERROR',
  CUSTOMER_NOT_ACTIVE: 'USER_ERROR',
  WRONG_CUSTOMER: 'USER_ERROR',
  // The same key with a different request: not something to retry with the same key.
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
});

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuseOffer(code: OfferErrorCode, message: string, field: string[] = ['input']): never {
  return offerErrors.fail(code, message, field);
}

// Feedback's error codes, in one enum; refused transitions and rules answer with these as userErrors.
import { domainErrors } from '../../domain/errors';

export enum FeedbackErrorCode {
  INVALID = 'INVALID',
  /** The state machine does not allow the step from the current status. */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** Neither an NPS nor a CSAT answer nor a text: nothing was said. */
  EMPTY_FEEDBACK = 'EMPTY_FEEDBACK',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  TEXT_TOO_LONG = 'TEXT_TOO_LONG',
  IN_THE_FUTURE = 'IN_THE_FUTURE',
  UNKNOWN_CUSTOMER = 'UNKNOWN_CUSTOMER',
  UNKNOWN_STAFF = 'UNKNOWN_STAFF',
  /** An exit interview needs the customer's open offboarding case. */
  NO_OPEN_CASE = 'NO_OPEN_CASE',
  TOO_MANY_ITEMS = 'TOO_MANY_ITEMS',
  DUPLICATE_KEY = 'DUPLICATE_KEY',
  /** An external id already used for other content from the same channel. */
  EXTERNAL_ID_TAKEN = 'EXTERNAL_ID_TAKEN',
  NOTHING_TO_CHANGE = 'NOTHING_TO_CHANGE',
  /** The customer's personal data was anonymised: their words may not be recorded again. */
  ANONYMISED = 'ANONYMISED',
}

// How each code reaches the caller. `Record<code, outcome>` keeps it exhaustive.
export const feedbackErrors = domainErrors<FeedbackErrorCode>({
  INVALID: 'USER_ERROR',
  INVALID_TRANSITION: 'USER_ERROR',
  EMPTY_FEEDBACK: 'USER_ERROR',
  OUT_OF_RANGE: 'USER_ERROR',
  TEXT_TOO_LONG: 'USER_ERROR',
  IN_THE_FUTURE: 'USER_ERROR',
  UNKNOWN_CUSTOMER: 'USER_ERROR',
  UNKNOWN_STAFF: 'USER_ERROR',
  NO_OPEN_CASE: 'USER_ERROR',
  TOO_MANY_ITEMS: 'USER_ERROR',
  DUPLICATE_KEY: 'USER_ERROR',
  EXTERNAL_ID_TAKEN: 'USER_ERROR',
  NOTHING_TO_CHANGE: 'USER_ERROR',
  ANONYMISED: 'USER_ERROR',
});

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuse(code: FeedbackErrorCode, message: string, field: string[] = ['input']): never {
  return feedbackErrors.fail(code, message, field);
}

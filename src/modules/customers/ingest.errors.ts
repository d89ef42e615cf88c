// Why an ingestion item or batch was refused; each is a userError code with the item's path.
import { domainErrors } from '../../domain/errors';

export enum IngestErrorCode {
  INVALID = 'INVALID',
  TOO_MANY_ITEMS = 'TOO_MANY_ITEMS',
  /** Two items of one batch have the same key. */
  DUPLICATE_KEY = 'DUPLICATE_KEY',
  UNKNOWN_CUSTOMER = 'UNKNOWN_CUSTOMER',
  UNKNOWN_RELATIONSHIP_MANAGER = 'UNKNOWN_RELATIONSHIP_MANAGER',
  /** A currency without an FX rate to the reporting currency: send the rate first. */
  UNKNOWN_CURRENCY = 'UNKNOWN_CURRENCY',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  /** A balance on a debt product, or an outstanding amount on a deposit product. */
  WRONG_AMOUNT_KIND = 'WRONG_AMOUNT_KIND',
  INVALID_DATES = 'INVALID_DATES',
  /** A time or month after the request's time. */
  IN_THE_FUTURE = 'IN_THE_FUTURE',
  REPORTING_CURRENCY_RATE = 'REPORTING_CURRENCY_RATE',
  /** Partners may not assign relationship managers (DESIGN: an ADMIN assigns them). */
  NOT_ALLOWED = 'NOT_ALLOWED',
  /** The customer's personal data was anonymised after the retention period; it is not refilled. */
  CUSTOMER_ANONYMISED = 'CUSTOMER_ANONYMISED',
  /** The item passed validation but the database refused it (a constraint). */
  REJECTED_BY_DATABASE = 'REJECTED_BY_DATABASE',
}

// Every ingestion refusal is a userError with the item's path; `Record<code, outcome>` keeps this table
// exhaustive: a new code without an outcome fails type-checking.
export const ingestErrors = domainErrors<IngestErrorCode>({
  INVALID: 'USER_ERROR',
  TOO_MANY_ITEMS: 'USER_ERROR',
  DUPLICATE_KEY: 'USER_ERROR',
  UNKNOWN_CUSTOMER: 'USER_ERROR',
  UNKNOWN_RELATIONSHIP_MANAGER: 'USER_ERROR',
  UNKNOWN_CURRENCY: 'USER_ERROR',
  CURRENCY_MISMATCH: 'USER_ERROR',
  INVALID_AMOUNT: 'USER_ERROR',
  WRONG_AMOUNT_KIND: 'USER_ERROR',
  INVALID_DATES: 'USER_ERROR',
  IN_THE_FUTURE: 'USER_ERROR',
  REPORTING_CURRENCY_RATE: 'USER_ERROR',
  NOT_ALLOWED: 'USER_ERROR',
  CUSTOMER_ANONYMISED: 'USER_ERROR',
  REJECTED_BY_DATABASE: 'USER_ERROR',
});

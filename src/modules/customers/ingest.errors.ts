// Why an ingestion item or batch was refused; each is a userError code with the item's path.
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

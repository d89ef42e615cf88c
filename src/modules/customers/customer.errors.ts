// Customers' error codes and how each reaches the caller. `domainErrors` takes a Record<code, outcome>:
// a code added here without an outcome fails type-checking.
import { domainErrors } from '../../domain/errors';

export enum CustomerErrorCode {
  INVALID = 'INVALID',
  EXTERNAL_REF_TAKEN = 'EXTERNAL_REF_TAKEN',
  UNKNOWN_RELATIONSHIP_MANAGER = 'UNKNOWN_RELATIONSHIP_MANAGER',
  NOTHING_TO_CHANGE = 'NOTHING_TO_CHANGE',
}

export const customerErrors = domainErrors<CustomerErrorCode>({
  INVALID: 'USER_ERROR',
  EXTERNAL_REF_TAKEN: 'USER_ERROR',
  UNKNOWN_RELATIONSHIP_MANAGER: 'USER_ERROR',
  NOTHING_TO_CHANGE: 'USER_ERROR',
});

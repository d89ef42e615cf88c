// Error codes of the access module, as they appear in userErrors[].code, and how each reaches the caller.
import { domainErrors } from '../../domain/errors';

export enum ApiClientErrorCode {
  INVALID = 'INVALID',
  UNKNOWN_SCOPE = 'UNKNOWN_SCOPE',
  EXPIRES_AT_IN_PAST = 'EXPIRES_AT_IN_PAST',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  CLIENT_REVOKED = 'CLIENT_REVOKED',
  CLIENT_EXPIRED = 'CLIENT_EXPIRED',
}

// `Record<code, outcome>`: a code added above without an outcome here fails type-checking.
export const apiClientErrors = domainErrors<ApiClientErrorCode>({
  INVALID: 'USER_ERROR',
  UNKNOWN_SCOPE: 'USER_ERROR',
  EXPIRES_AT_IN_PAST: 'USER_ERROR',
  ALREADY_REVOKED: 'USER_ERROR',
  CLIENT_REVOKED: 'USER_ERROR',
  CLIENT_EXPIRED: 'USER_ERROR',
});

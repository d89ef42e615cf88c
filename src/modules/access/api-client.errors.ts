// Error codes of the access module, as they appear in userErrors[].code.
export enum ApiClientErrorCode {
  INVALID = 'INVALID',
  UNKNOWN_SCOPE = 'UNKNOWN_SCOPE',
  EXPIRES_AT_IN_PAST = 'EXPIRES_AT_IN_PAST',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  CLIENT_REVOKED = 'CLIENT_REVOKED',
  CLIENT_EXPIRED = 'CLIENT_EXPIRED',
}

// Offboarding's error codes, in one enum; refused transitions and guards answer with these as userErrors.
import { userError, UserErrorsException } from '../../graphql/errors';

export enum OffboardingErrorCode {
  INVALID = 'INVALID',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  OPEN_CASE_EXISTS = 'OPEN_CASE_EXISTS',
  CUSTOMER_NOT_ACTIVE = 'CUSTOMER_NOT_ACTIVE',
  REASON_DOES_NOT_FIT = 'REASON_DOES_NOT_FIT',
  SCOPE_INVALID = 'SCOPE_INVALID',
  UNKNOWN_STAFF = 'UNKNOWN_STAFF',
  APPROVER_IS_INITIATOR = 'APPROVER_IS_INITIATOR',
  RETENTION_NOT_ACCEPTED = 'RETENTION_NOT_ACCEPTED',
  RETENTION_NOT_DECLINED = 'RETENTION_NOT_DECLINED',
  CUSTOMER_NOT_NOTIFIED = 'CUSTOMER_NOT_NOTIFIED',
  ALREADY_NOTIFIED = 'ALREADY_NOTIFIED',
  NOTICE_NOT_ENDED = 'NOTICE_NOT_ENDED',
  CHECKLIST_INCOMPLETE = 'CHECKLIST_INCOMPLETE',
  MONEY_OWED = 'MONEY_OWED',
  BALANCE_NOT_ON_CHECKLIST = 'BALANCE_NOT_ON_CHECKLIST',
  ITEM_BLOCKED = 'ITEM_BLOCKED',
  ITEM_DONE = 'ITEM_DONE',
  DESTINATION_REQUIRED = 'DESTINATION_REQUIRED',
  NOTHING_TO_CHANGE = 'NOTHING_TO_CHANGE',
  LEGAL_HOLD = 'LEGAL_HOLD',
  NO_LEGAL_HOLD = 'NO_LEGAL_HOLD',
  NOT_EXITED = 'NOT_EXITED',
  RESTRICTED = 'RESTRICTED',
  ANONYMISED = 'ANONYMISED',
}

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuse(code: OffboardingErrorCode, message: string, field: string[] = ['input']): never {
  throw new UserErrorsException([userError(field, code, message)]);
}

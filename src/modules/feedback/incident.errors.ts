// Incidents' and feedback analytics' error codes, in one enum; each reaches the caller as its outcome says.
import { domainErrors } from '../../domain/errors';

export enum IncidentErrorCode {
  INVALID = 'INVALID',
  /** The state machine does not allow the move from the current status. */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  IN_THE_FUTURE = 'IN_THE_FUTURE',
  TOO_MANY_ITEMS = 'TOO_MANY_ITEMS',
  /** Only a complaint is linked to an incident. */
  NOT_A_COMPLAINT = 'NOT_A_COMPLAINT',
  /** The complaint is linked to another incident already. */
  LINKED_ELSEWHERE = 'LINKED_ELSEWHERE',
  /** A time range of analytics longer than allowed, or ending before it starts. */
  RANGE_INVALID = 'RANGE_INVALID',
}

// `Record<code, outcome>` keeps it exhaustive.
export const incidentErrors = domainErrors<IncidentErrorCode>({
  INVALID: 'USER_ERROR',
  INVALID_TRANSITION: 'USER_ERROR',
  IN_THE_FUTURE: 'USER_ERROR',
  TOO_MANY_ITEMS: 'USER_ERROR',
  NOT_A_COMPLAINT: 'USER_ERROR',
  LINKED_ELSEWHERE: 'USER_ERROR',
  RANGE_INVALID: 'USER_ERROR',
});

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuseIncident(code: IncidentErrorCode, message: string, field: string[] = ['input']): never {
  return incidentErrors.fail(code, message, field);
}

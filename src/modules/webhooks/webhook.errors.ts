// Webhooks' error codes, in one enum; refused inputs and steps answer with these as userErrors.
import { domainErrors } from '../../domain/errors';

export enum WebhookErrorCode {
  INVALID = 'INVALID',
  /** The URL's scheme, credentials or target address is not allowed. */
  TARGET_REFUSED = 'TARGET_REFUSED',
  /** No module declares this event type. */
  UNKNOWN_EVENT_TYPE = 'UNKNOWN_EVENT_TYPE',
  /** The caller's scopes do not let it read the data this event type is about. */
  EVENT_TYPE_NOT_ALLOWED = 'EVENT_TYPE_NOT_ALLOWED',
  /** The caller may not filter by this (it may not read segments, scores or customers). */
  FILTER_NOT_ALLOWED = 'FILTER_NOT_ALLOWED',
  UNKNOWN_SEGMENT = 'UNKNOWN_SEGMENT',
  NOT_ACTIVE = 'NOT_ACTIVE',
  NOT_PAUSED = 'NOT_PAUSED',
  /** No such event, or not one of the types the subscription names. */
  UNKNOWN_EVENT = 'UNKNOWN_EVENT',
  /** The owner has as many subscriptions as one may have. */
  TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS',
}

export const webhookErrors = domainErrors<WebhookErrorCode>({
  INVALID: 'USER_ERROR',
  TARGET_REFUSED: 'USER_ERROR',
  UNKNOWN_EVENT_TYPE: 'USER_ERROR',
  EVENT_TYPE_NOT_ALLOWED: 'USER_ERROR',
  FILTER_NOT_ALLOWED: 'USER_ERROR',
  UNKNOWN_SEGMENT: 'USER_ERROR',
  NOT_ACTIVE: 'USER_ERROR',
  NOT_PAUSED: 'USER_ERROR',
  UNKNOWN_EVENT: 'USER_ERROR',
  TOO_MANY_SUBSCRIPTIONS: 'USER_ERROR',
});

export function refuse(code: WebhookErrorCode, message: string, field: string[] = ['input']): never {
  return webhookErrors.fail(code, message, field);
}

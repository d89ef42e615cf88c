// The campaigns module's error codes, in one enum, and how each reaches the caller.
import { domainErrors } from '../../domain/errors';

export enum CampaignErrorCode {
  INVALID = 'INVALID',
  INVALID_HOLDOUT = 'INVALID_HOLDOUT',
  UNKNOWN_SEGMENT = 'UNKNOWN_SEGMENT',
  UNKNOWN_OFFER = 'UNKNOWN_OFFER',
  OFFER_NOT_USABLE = 'OFFER_NOT_USABLE',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  INVALID_WINDOW = 'INVALID_WINDOW',
}

export const campaignErrors = domainErrors<CampaignErrorCode>({
  INVALID: 'USER_ERROR',
  INVALID_HOLDOUT: 'USER_ERROR',
  UNKNOWN_SEGMENT: 'USER_ERROR',
  UNKNOWN_OFFER: 'USER_ERROR',
  OFFER_NOT_USABLE: 'USER_ERROR',
  ILLEGAL_TRANSITION: 'USER_ERROR',
  INVALID_WINDOW: 'USER_ERROR',
});

/** Refuses the whole operation with one userError (rolls the transaction back). */
export function refuseCampaign(code: CampaignErrorCode, message: string, field: string[] = ['input']): never {
  return campaignErrors.fail(code, message, field);
}

// Risk's error codes; refused writes answer with these as userErrors or coded GraphQL errors.
import { domainErrors } from '../../domain/errors';

export enum RiskErrorCode {
  INVALID = 'INVALID',
  UNKNOWN_FEATURE = 'UNKNOWN_FEATURE',
  PROTECTED_ATTRIBUTE = 'PROTECTED_ATTRIBUTE',
  UNKNOWN_CUSTOMER = 'UNKNOWN_CUSTOMER',
  NOT_A_DRAFT = 'NOT_A_DRAFT',
  TRAINER_CANNOT_ACTIVATE = 'TRAINER_CANNOT_ACTIVATE',
}

export const riskErrors = domainErrors<RiskErrorCode>({
  INVALID: 'USER_ERROR',
  UNKNOWN_FEATURE: 'USER_ERROR',
  PROTECTED_ATTRIBUTE: 'USER_ERROR',
  UNKNOWN_CUSTOMER: 'USER_ERROR',
  NOT_A_DRAFT: 'USER_ERROR',
  TRAINER_CANNOT_ACTIVATE: 'USER_ERROR',
});

// What higher modules may use of the offboarding module: the case type they add fields to
// (an exit interview, say) and the states they speak of.
export { OffboardingCaseView } from './offboarding.type';
export { CaseState, InitiatedBy } from './offboarding-case.entity';
// Analytics: customer-initiated exits only (churn labels), never bank-initiated ones.
export { customerInitiatedExits } from './offboarding.exits';

// What higher modules may use of the offboarding module: the case type they add fields to
// (an exit interview, say) and the states they speak of.
export { OffboardingCaseView } from './offboarding.type';
export { CaseState, InitiatedBy, OffboardingReason } from './offboarding-case.entity';
// The customer's open case, for what other modules attach to an exit (an exit interview).
export { openCaseOf, openCasesOf } from './open-case.queries';
// Catalogue retention offers (loyalty's) made within an exit, and the customer's answer recorded on the case.
export { RetentionAnswer } from './retention-attempt.entity';
export { caseForRetentionOffer, recordRetentionOfferAnswer } from './offboarding.service';
// Analytics: customer-initiated exits only (churn labels), never bank-initiated ones.
export { customerInitiatedExits } from './offboarding.exits';
// Read-only SQL over exits, retention attempts, win-backs and balances moved out, for churn analytics.
export {
  balancesMovedOut, casesWithRetentionAttempts, closedExits, maySeeBankExitReasons, retainedCases, winBackApproaches,
} from './offboarding.analytics';
// The demo bank: closed exits of another module's seed story (campaigns).
export { seedClosedExits, type DemoExitsSource } from './offboarding.seed-exits';

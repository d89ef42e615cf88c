// What higher modules may use of the offboarding module: the case type they add fields to
// (an exit interview, say) and the states they speak of.
export { OffboardingCaseView } from './offboarding.type';
export { CaseState, InitiatedBy, OffboardingReason } from './offboarding-case.entity';
// Read-only SQL over exits, retention attempts, win-backs and balances moved out, for churn analytics.
export {
  balancesMovedOut, casesWithRetentionAttempts, closedExits, maySeeBankExitReasons, retainedCases, winBackApproaches,
} from './offboarding.analytics';

// What higher modules may use of the loyalty module: the account type they add fields to, and the one
// function that moves points (retention offers post bonus points through it, in their own transaction).
export { LoyaltyAccountView, PointsEntryView } from './loyalty.type';
export { LoyaltyStatus, Tier } from './loyalty-account.entity';
export { PostingKind } from './points-posting.entity';
export {
  postPoints, idempotencyOf, requestHashOf, scopeOf, withIdempotency,
  type Idempotency, type LedgerDeps, type PostPointsInput, type PostingResult,
} from './ledger.service';
export { loyaltyCapabilities } from './permissions';
export { LoyaltyErrorCode } from './loyalty.errors';
// Campaigns: one offer proposed to many customers set-based, and the answers for their results.
export { offerAnswers, offerSummary, proposeOfferToGroup, type GroupProposal, type GroupProposalResult, type OfferSummary } from './offer.group';
export { OfferKind, OfferStatus, AssignmentStatus } from './offer.entity';
export { OfferErrorCode } from './offer.errors';
// The demo bank: answered proposals of another module's seed story (campaigns).
export { seedAnsweredProposals, type DemoAnswersSource } from './offer.seed-answers';

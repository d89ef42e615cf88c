import { offerContacts } from './offer.group';
import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { CustomerLoyaltyResolver } from './customer-loyalty.resolver';
import { LoyaltyAccount } from './loyalty-account.entity';
import { accountsByKeys, entriesByKeys } from './loyalty.queries';
import { LoyaltyResolver, PointsEntryResolver } from './loyalty.resolver';
import { loyaltyConfig } from './loyalty.config';
import { loyaltyAnonymiser, loyaltyAttributes, loyaltyChecklist, loyaltyEvents } from './loyalty.contributions';
import { EXPIRY_JOB, runExpiryJob, runTierJob, TIER_JOB } from './loyalty.jobs';
import { loyaltyMigrations } from './migrations';
import { loyaltySeed } from './loyalty.seed';
import { loyaltyCapabilities as l, loyaltyCustomerFields, loyaltyPermissions } from './permissions';
import { PointsAdjustment } from './points-adjustment.entity';
import { PointsLine } from './points-line.entity';
import { PointsPosting } from './points-posting.entity';
import { TierChange } from './tier-change.entity';
import { offerAttributes } from './offer.contributions';
import { OfferAssignment, RetentionOffer } from './offer.entity';
import { OFFER_EXPIRY_JOB, runOfferExpiryJob } from './offer.jobs';
import { assignmentsByKeys, offersByKeys } from './offer.queries';
import { CustomerOffersResolver, OfferAssignmentResolver, RetentionOfferResolver } from './offer.resolver';
import { seedOffers } from './offer.seed';
import { loyaltyExamples } from './loyalty.examples';

// Loyalty: accounts, tiers and the append-only points ledger.
export const loyaltyModule: KeelModule = {
  name: 'loyalty',
  examples: loyaltyExamples,
  entities: [LoyaltyAccount, TierChange, PointsPosting, PointsLine, PointsAdjustment],
  resolvers: [LoyaltyResolver, PointsEntryResolver, CustomerLoyaltyResolver],
  rules: rulesOf(loyaltyPermissions),
  permissions: loyaltyPermissions,
  nodes: [
    { typeName: 'LoyaltyAccount', capability: l.read, load: (ctx, keys) => accountsByKeys(ctx, keys) },
    { typeName: 'PointsEntry', capability: l.read, load: (ctx, keys) => entriesByKeys(ctx, keys) },
  ],
  scopes: ['loyalty:read', 'loyalty:write'],
  migrations: loyaltyMigrations,
  config: loyaltyConfig,
  seed: loyaltySeed,
  jobs: [
    { name: TIER_JOB, everySeconds: 86_400, run: (deps) => runTierJob(deps) },
    { name: EXPIRY_JOB, everySeconds: 86_400, run: (deps) => runExpiryJob(deps) },
  ],
  contributes: {
    fields: loyaltyCustomerFields,
    customerAttributes: loyaltyAttributes,
    checklistItems: [loyaltyChecklist],
    anonymisers: [loyaltyAnonymiser],
    events: loyaltyEvents,
    customerContacts: [offerContacts],
  },
};

// Retention offers: the catalogue, proposals and answers, their expiry, and the customers' answers as attributes.
loyaltyModule.entities.push(RetentionOffer, OfferAssignment);
loyaltyModule.resolvers.push(RetentionOfferResolver, OfferAssignmentResolver, CustomerOffersResolver);
loyaltyModule.nodes!.push(
  // The catalogue is about no customer, so no book bounds it: node(id:) serves it to those who manage it,
  // whose reach is everyone (others read it through retentionOffers and OfferAssignment.offer).
  { typeName: 'RetentionOffer', capability: l.manageCatalogue, load: (ctx, keys) => offersByKeys(ctx, keys) },
  { typeName: 'OfferAssignment', capability: l.read, load: (ctx, keys) => assignmentsByKeys(ctx, keys) },
);
loyaltyModule.jobs!.push({ name: OFFER_EXPIRY_JOB, everySeconds: 3600, run: (deps) => runOfferExpiryJob(deps) });
loyaltyModule.contributes!.customerAttributes = [...(loyaltyModule.contributes!.customerAttributes ?? []), ...offerAttributes];
// The demo catalogue and proposals come after the accounts they look at.
loyaltyModule.seed = { present: loyaltySeed.present, run: async (ctx) => { await loyaltySeed.run(ctx); await seedOffers(ctx); } };

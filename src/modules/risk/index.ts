import { riskStaffFigures } from './risk.staff-figures';
import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { riskMigrations } from './migrations';
import { riskCustomerFields, riskPermissions } from './permissions';
import { riskAttributes } from './risk.attributes';
import { riskAnonymiser } from './risk.anonymiser';
import { riskBandFilter, riskMinScoreFilter } from './risk.filters';
import { riskBandOrdering, riskScoreOrdering } from './risk.orderings';
import { rescoreJob, trainJob } from './risk.jobs';
import { CustomerRiskResolver, RiskResolver } from './risk.resolver';
import { RiskExit } from './risk-exit.entity';
import { RiskModel } from './risk-model.entity';
import { RiskAlert, RiskCurrentScore, RiskScore } from './risk-score.entity';
import { riskSeed } from './risk.seed';
import { riskEvents } from './risk.events';
import { rescoreOnSignals } from './risk.reactions';
import { RiskSubscriptionResolver } from './risk.subscription';
import { riskExamples } from './risk.examples';

// Explainable churn risk: features contributed by other modules, versioned models, scores with reasons.
export const riskModule: KeelModule = {
  name: 'risk',
  examples: riskExamples,
  entities: [RiskModel, RiskScore, RiskCurrentScore, RiskExit, RiskAlert],
  resolvers: [RiskResolver, CustomerRiskResolver, RiskSubscriptionResolver],
  rules: rulesOf(riskPermissions),
  permissions: riskPermissions,
  scopes: ['risk:read', 'risk:write'],
  migrations: riskMigrations,
  seed: riskSeed,
  jobs: [rescoreJob, trainJob],
  contributes: {
    fields: riskCustomerFields,
    customerFilters: [riskBandFilter, riskMinScoreFilter],
    customerAttributes: riskAttributes,
    customerOrderings: [riskScoreOrdering, riskBandOrdering],
    anonymisers: [riskAnonymiser],
    events: riskEvents,
    reactions: [rescoreOnSignals],
    staffFigures: [riskStaffFigures],
  },
};

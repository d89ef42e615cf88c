import { offboardingContacts, offboardingStaffFigures } from './offboarding.staff-figures';
import { can, rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { CaseTransition } from './case-transition.entity';
import { ChecklistItem } from './checklist-item.entity';
import { CustomerOffboardingResolver } from './customer-offboarding.resolver';
import { ErasureResolver } from './erasure.resolver';
import { offboardingAnonymiser } from './erasure.service';
import { LegalHold } from './legal-hold.entity';
import { offboardingMigrations } from './migrations';
import { offboardingAttributes } from './offboarding.attributes';
import { offboardingConfig } from './offboarding.config';
import { offboardingEvents } from './offboarding.events';
import { casesByKeys, checklistItemsByKeys } from './offboarding.queries';
import { ChecklistItemResolver, OffboardingResolver } from './offboarding.resolver';
import { OffboardingSubscriptionResolver } from './offboarding.subscription';
import { offboardingCapabilities as o, offboardingCustomerFields, offboardingPermissions } from './permissions';
import { OffboardingCase } from './offboarding-case.entity';
import { RETENTION_JOB, runRetentionJob } from './retention.job';
import { holdsByKeys, winBackAttemptsByKeys } from './retention.queries';
import { RetentionAttempt } from './retention-attempt.entity';
import { WinBackAttempt } from './win-back-attempt.entity';
import { WinBackResolver } from './win-back.resolver';
import { offboardingExamples } from './offboarding.examples';

// Offboarding workflows: lawful, auditable exits, and winning customers back.
export const offboardingModule: KeelModule = {
  name: 'offboarding',
  examples: offboardingExamples,
  entities: [OffboardingCase, CaseTransition, RetentionAttempt, ChecklistItem, LegalHold, WinBackAttempt],
  resolvers: [OffboardingResolver, ChecklistItemResolver, CustomerOffboardingResolver, ErasureResolver, WinBackResolver, OffboardingSubscriptionResolver],
  rules: rulesOf(offboardingPermissions),
  permissions: offboardingPermissions,
  nodes: [
    { typeName: 'OffboardingCase', capability: o.read, load: casesByKeys },
    { typeName: 'ChecklistItem', capability: o.read, load: checklistItemsByKeys },
    { typeName: 'LegalHold', capability: o.readHolds, load: holdsByKeys },
    { typeName: 'WinBackAttempt', capability: o.readWinBack, load: winBackAttemptsByKeys },
  ],
  scopes: ['offboarding:read'],
  jobs: [{ name: RETENTION_JOB, everySeconds: 3600, run: (deps) => runRetentionJob(deps) }],
  migrations: offboardingMigrations,
  config: offboardingConfig,
  contributes: {
    fields: offboardingCustomerFields,
    anonymisers: [offboardingAnonymiser],
    events: offboardingEvents,
    customerAttributes: offboardingAttributes,
    staffFigures: offboardingStaffFigures,
    customerContacts: [offboardingContacts],
  },
};

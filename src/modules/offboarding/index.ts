import { hasRole, type Viewer } from '../../auth/viewer';
import type { KeelModule } from '../../module';
import { CaseTransition } from './case-transition.entity';
import { ChecklistItem } from './checklist-item.entity';
import { CustomerOffboardingResolver } from './customer-offboarding.resolver';
import { ErasureResolver } from './erasure.resolver';
import { LegalHold } from './legal-hold.entity';
import { offboardingMigrations } from './migrations';
import { offboardingConfig } from './offboarding.config';
import { casesByKeys, checklistItemsByKeys } from './offboarding.queries';
import { ChecklistItemResolver, OffboardingResolver } from './offboarding.resolver';
import { mayReadOffboarding, offboardingRules } from './offboarding.rules';
import { OffboardingCase } from './offboarding-case.entity';
import { RETENTION_JOB, runRetentionJob } from './retention.job';
import { holdsByKeys, winBackAttemptsByKeys } from './retention.queries';
import { RetentionAttempt } from './retention-attempt.entity';
import { WinBackAttempt } from './win-back-attempt.entity';
import { WinBackResolver } from './win-back.resolver';

const mayReadWinBack = (v: Viewer | null) => hasRole(v, 'ADMIN', 'COMPLIANCE_OFFICER', 'RELATIONSHIP_MANAGER', 'SUPPORT_AGENT', 'RETENTION_ANALYST');

// Offboarding workflows: lawful, auditable exits, and winning customers back.
export const offboardingModule: KeelModule = {
  name: 'offboarding',
  entities: [OffboardingCase, CaseTransition, RetentionAttempt, ChecklistItem, LegalHold, WinBackAttempt],
  resolvers: [OffboardingResolver, ChecklistItemResolver, CustomerOffboardingResolver, ErasureResolver, WinBackResolver],
  rules: offboardingRules,
  nodes: [
    { typeName: 'OffboardingCase', allowed: mayReadOffboarding, load: casesByKeys },
    { typeName: 'ChecklistItem', allowed: mayReadOffboarding, load: checklistItemsByKeys },
    { typeName: 'LegalHold', allowed: (v) => hasRole(v, 'ADMIN', 'COMPLIANCE_OFFICER'), load: holdsByKeys },
    { typeName: 'WinBackAttempt', allowed: mayReadWinBack, load: winBackAttemptsByKeys },
  ],
  scopes: ['offboarding:read'],
  jobs: [{ name: RETENTION_JOB, everySeconds: 3600, run: (deps) => runRetentionJob(deps) }],
  migrations: offboardingMigrations,
  config: offboardingConfig,
};

import { feedbackContacts, feedbackStaffFigures } from './feedback.staff-figures';
import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { feedbackAnonymiser } from './feedback.anonymiser';
import { feedbackAttributes } from './feedback.attributes';
import { feedbackConfig } from './feedback.config';
import { CaseExitInterviewResolver, CustomerFeedbackResolver } from './feedback-contributed.resolver';
import { Feedback, FeedbackTransition } from './feedback.entity';
import { feedbackEvents } from './feedback.events';
import { CLOSE_JOB, OVERDUE_JOB, runCloseJob, runOverdueJob } from './feedback.jobs';
import { feedbackByKeys } from './feedback.queries';
import { FeedbackResolver } from './feedback.resolver';
import { FeedbackStatsResolver } from './feedback-stats.resolver';
import { Incident } from './incident.entity';
import { incidentsByKeys } from './incident.queries';
import { CustomerIncidentsResolver, IncidentResolver } from './incident.resolver';
import { feedbackSeed } from './feedback.seed';
import { feedbackMigrations } from './migrations';
import { feedbackCapabilities as f, feedbackContributedFields, feedbackPermissions } from './permissions';
import { FeedbackSubscriptionResolver } from './feedback.subscription';
import { IncidentSubscriptionResolver } from './incident.subscription';
import { feedbackExamples } from './feedback.examples';

// The voice of the customer: surveys, complaints with their deadlines, suggestions, exit interviews.
export const feedbackModule: KeelModule = {
  name: 'feedback',
  examples: feedbackExamples,
  entities: [Feedback, FeedbackTransition, Incident],
  resolvers: [FeedbackResolver, CustomerFeedbackResolver, CaseExitInterviewResolver, IncidentResolver, CustomerIncidentsResolver, FeedbackStatsResolver, FeedbackSubscriptionResolver, IncidentSubscriptionResolver],
  rules: rulesOf(feedbackPermissions),
  permissions: feedbackPermissions,
  piiFields: feedbackPermissions.pii,
  nodes: [
    { typeName: 'Feedback', capability: f.read, load: feedbackByKeys },
    { typeName: 'Incident', capability: f.read, load: incidentsByKeys },
  ],
  scopes: ['feedback:read', 'feedback:write'],
  jobs: [
    { name: OVERDUE_JOB, everySeconds: 300, run: async (deps) => ({ escalated: (await runOverdueJob(deps)).length }) },
    { name: CLOSE_JOB, everySeconds: 3600, run: async (deps) => ({ closed: (await runCloseJob(deps)).length }) },
  ],
  migrations: feedbackMigrations,
  config: feedbackConfig,
  seed: feedbackSeed,
  contributes: {
    fields: feedbackContributedFields,
    customerAttributes: feedbackAttributes,
    anonymisers: [feedbackAnonymiser],
    events: feedbackEvents,
    staffFigures: [feedbackStaffFigures],
    customerContacts: [feedbackContacts],
  },
};

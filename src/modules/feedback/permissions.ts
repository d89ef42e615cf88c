// Who may do what with feedback, as data (DESIGN.md's permission table). The shield rules decide by
// capability; the services and read queries apply each capability's own bound to the feedback's
// customer (a relationship manager's book), so a viewer with several roles is bounded per capability.
import { contributedFieldRows, defineCapabilities, type PermissionTable } from '../../auth/permissions';
import type { ContributedField } from '../../module';
import { customerCapabilities } from '../customers/public';

export const feedbackCapabilities = defineCapabilities('feedback', {
  read: {
    description: 'feedback: read',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL', SUPPORT_AGENT: 'ALL' },
    scopes: ['feedback:read'],
  },
  record: {
    description: 'feedback: record',
    roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
    scopes: ['feedback:write'],
  },
  work: {
    description: 'feedback: work complaints and incidents',
    roles: { ADMIN: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', SUPPORT_AGENT: 'ALL' },
  },
  analytics: {
    description: 'feedback: analytics (stats, complaint surges)',
    roles: { ADMIN: 'ALL', COMPLIANCE_OFFICER: 'ALL', RELATIONSHIP_MANAGER: 'OWN_BOOK', RETENTION_ANALYST: 'ALL' },
    scopes: ['feedback:read'],
  },
});

const f = feedbackCapabilities;

/** Fields this module adds to other modules' types (resolved in feedback-contributed.resolver.ts). */
export const feedbackContributedFields: ContributedField[] = [
  { type: 'Customer', field: 'feedback', capability: f.read },
  { type: 'OffboardingCase', field: 'exitInterview', capability: f.read },
  { type: 'Customer', field: 'incidents', capability: f.read },
];

export const feedbackPermissions: PermissionTable = {
  capabilities: feedbackCapabilities,
  fields: {
    Query: {
      feedback: f.read,
      incident: f.read,
      incidents: f.read,
      feedbackStats: f.analytics,
      complaintSurges: f.analytics,
    },
    Subscription: { feedbackReceived: f.read, incidentUpdated: f.read },
    Mutation: {
      recordFeedback: f.record,
      importSurveyResponses: f.record,
      acknowledgeFeedback: f.work,
      assignFeedback: f.work,
      startWorkOnFeedback: f.work,
      resolveFeedback: f.work,
      reopenFeedback: f.work,
      escalateFeedback: f.work,
      openIncident: f.work,
      updateIncidentStatus: f.work,
      linkIncidentCustomers: f.work,
      linkIncidentSegment: f.work,
      linkComplaintToIncident: f.work,
      postIncidentUpdate: f.work,
    },
    Feedback: {
      customer: customerCapabilities.read,
      assignee: customerCapabilities.readStaff,
      text: f.read,
      history: f.read,
    },
    Incident: {
      updates: f.read,
      affectedCustomers: customerCapabilities.read,
      complaints: f.read,
    },
    ...contributedFieldRows(feedbackContributedFields),
  },
  pii: ['Feedback.text'],
};

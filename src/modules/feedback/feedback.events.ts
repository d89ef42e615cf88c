// The domain events feedback emits, described for the modules and partners that will consume them.
// Raised through the outbox in the transaction of the change. Keys are global ids; the customer's words stay out.
import type { DomainEventType } from '../../module';
import { feedbackCapabilities as f } from './permissions';

export const feedbackEvents: DomainEventType[] = [
  {
    type: 'feedback.received',
    capability: f.read,
    description: 'A customer gave feedback (recorded by staff, or imported from a survey tool).',
    payload: {
      feedbackId: 'the feedback (global id)',
      customerId: 'the customer (global id)',
      kind: 'SATISFACTION_SURVEY, COMPLAINT, SUGGESTION, COMPLIMENT, SUPPORT_REQUEST or EXIT_INTERVIEW',
      channel: 'where it was given',
      nps: 'the NPS answer, 0..10, or null',
      sentiment: 'NEGATIVE, NEUTRAL or POSITIVE, or null without a text',
      at: 'when the customer gave it',
    },
  },
  {
    type: 'complaint.overdue',
    capability: f.read,
    description: 'A complaint passed its acknowledgement or resolution deadline while still open.',
    payload: {
      feedbackId: 'the complaint (global id)',
      customerId: 'the customer (global id)',
      deadline: 'ACKNOWLEDGE or RESOLVE',
      due: 'the deadline that passed',
      at: 'when the overdue job found it',
    },
  },
  {
    type: 'complaint.escalated',
    capability: f.read,
    description: 'A complaint was escalated one level, by staff or by the overdue job.',
    payload: {
      feedbackId: 'the complaint (global id)',
      customerId: 'the customer (global id)',
      level: 'the escalation level after the step',
      by: 'staff subject, or "system" for the overdue job',
      at: 'when it happened',
    },
  },
  {
    type: 'incident.update_posted',
    capability: f.read,
    description: 'The bank said something about an incident: to customers (customerVisible) or to staff only.',
    payload: {
      incidentId: 'the incident (global id)',
      updateId: 'the update (global id)',
      customerVisible: 'whether customers were told',
      channel: 'where it was said',
      at: 'when it was posted',
    },
  },
];

// The domain events offboarding's workflows raise (through the outbox, in the transaction of the
// change), described for their consumers: subscribers, webhooks, and the modules that react (feedback
// sends an exit survey, loyalty settles points). Ids are global ids; reasons stay out, as an exit for an
// anti-money-laundering concern must not tip anyone off.
import type { DomainEventType } from '../../module';
import { offboardingCapabilities as o } from './permissions';

export const offboardingEvents: DomainEventType[] = [
  {
    type: 'offboarding.case_changed',
    capability: o.read,
    description: 'An offboarding case moved from one state to another (started, retained, approved, settled, closed, cancelled).',
    payload: {
      caseId: 'the case (global id)',
      customerId: 'the customer (global id)',
      from: 'the state before, null when the case starts',
      to: 'the state after',
      initiatedBy: 'CUSTOMER or BANK',
      at: 'when it happened',
    },
  },
  {
    type: 'customer.exited',
    capability: o.read,
    description: 'A full exit closed: the relationship has ended and the retention period starts.',
    payload: {
      customerId: 'the customer (global id)',
      caseId: 'the case that closed (global id)',
      initiatedBy: 'CUSTOMER or BANK',
      retainUntil: 'the date after which the customer is anonymised',
      at: 'when it happened',
    },
  },
  {
    type: 'customer.won_back',
    capability: o.readWinBack,
    description: 'A customer who had exited banks with us again.',
    payload: {
      customerId: 'the customer (global id)',
      attemptId: 'the win-back attempt credited, if any (global id)',
      at: 'when it happened',
    },
  },
];

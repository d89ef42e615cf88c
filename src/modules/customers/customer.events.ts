// Domain events the customers module raises from core banking's feeds: signals that a customer may be
// drifting away, for reactions (risk rescores) and consumers. No payload carries a reason for an exit.
import type { DomainEventType } from '../../module';
import { customerCapabilities } from './permissions';

export const customerEvents: DomainEventType[] = [
  {
    type: 'account.closed',
    capability: customerCapabilities.read,
    description: 'Core banking reported an account closed (upsertAccounts: its status became CLOSED, or it arrived closed).',
    payload: {
      accountId: 'the account (Account global id)',
      customerId: 'the holder (global id)',
      accountType: 'the product type',
      closedAt: 'the closing date (YYYY-MM-DD)',
    },
  },
  {
    type: 'activity.month_recorded',
    capability: customerCapabilities.read,
    description: 'Core banking sent a month of activity not recorded before for the customer (recordActivitySnapshots).',
    payload: {
      customerId: 'the customer (global id)',
      month: 'the month (YYYY-MM)',
    },
  },
];

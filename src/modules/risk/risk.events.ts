// The domain events risk raises, in the scoring statement itself (batch or single rescoring): a
// customer's band changing, and an alert when it rises to HIGH or CRITICAL. Ids are global ids.
import type { DomainEventType } from '../../module';
import { riskCapabilities as r } from './permissions';

export const riskEvents: DomainEventType[] = [
  {
    type: 'risk.band_changed',
    capability: r.read,
    description: 'A customer\'s risk band changed with a new score from the active model.',
    payload: {
      customerId: 'the customer (global id)',
      from: 'the band before',
      to: 'the band now',
      score: 'the new score, 0..1',
      modelVersion: 'the model that scored it',
      at: 'when it was scored',
    },
  },
  {
    type: 'risk.alert',
    capability: r.read,
    description: 'A customer\'s band rose to HIGH or CRITICAL: an alert for their relationship manager.',
    payload: {
      alertId: 'the alert (global id)',
      customerId: 'the customer (global id)',
      from: 'the band before',
      to: 'HIGH or CRITICAL',
      score: 'the new score, 0..1',
      at: 'when it was raised',
    },
  },
];

// The domain events segments raises, declared for their consumers (webhooks, subscriptions).
import type { DomainEventType } from '../../module';
import { segmentCapabilities } from './permissions';

export const SEGMENT_REFRESHED = 'segment.refreshed';

export const segmentEvents: DomainEventType[] = [
  {
    type: SEGMENT_REFRESHED,
    capability: segmentCapabilities.read,
    description: 'A dynamic segment\'s membership was computed from its rule (on creation, a rule change, refreshSegment or the nightly job): once per refresh.',
    payload: {
      segmentId: 'the segment (Segment global id)',
      memberCount: 'its members after the refresh, over all customers',
      joined: 'customers who joined in this refresh',
      left: 'customers who left in this refresh',
      at: 'when it was refreshed',
    },
  },
];

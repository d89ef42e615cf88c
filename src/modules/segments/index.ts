import { rulesOf } from '../../auth/permissions';
import { contributionsOf, type KeelModule } from '../../module';
import { segmentMigrations } from './migrations';
import { segmentCapabilities, segmentCustomerFields, segmentPermissions } from './permissions';
import { memberOfSegment, segmentFilter } from './segment.contributions';
import { Segment } from './segment.entity';
import { segmentsByKeys } from './segment.queries';
import { CustomerSegmentsResolver, SegmentResolver } from './segment.resolver';
import { segmentsSeed } from './segment.seed';
import { refreshAllSegments } from './segment.service';
import { segmentEvents } from './segment.events';
import { segmentGroup } from './segment.group';
import { segmentsExamples } from './segments.examples';

export const SEGMENT_REFRESH_JOB = 'segments.refresh-dynamic';

// Segments: target groups of customers by rules over other modules' attributes, and churn analytics.
export const segmentsModule: KeelModule = {
  name: 'segments',
  examples: segmentsExamples,
  entities: [Segment],
  resolvers: [SegmentResolver, CustomerSegmentsResolver],
  rules: rulesOf(segmentPermissions),
  permissions: segmentPermissions,
  nodes: [{ typeName: 'Segment', capability: segmentCapabilities.read, load: segmentsByKeys }],
  migrations: segmentMigrations,
  seed: segmentsSeed,
  jobs: [
    {
      // Rules over values that move with the calendar (tenure, inactivity) change membership overnight.
      name: SEGMENT_REFRESH_JOB,
      everySeconds: 86400,
      run: ({ em, now, modules }) => refreshAllSegments({ em, now, attributes: contributionsOf(modules, 'customerAttributes') }),
    },
  ],
  contributes: {
    fields: segmentCustomerFields,
    customerFilters: [segmentFilter as never],
    eligibility: [memberOfSegment],
    customerGroups: [segmentGroup],
    events: segmentEvents,
  },
};

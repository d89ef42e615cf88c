// Ingestion from core banking (customers, accounts, activity, FX rates): the parts the customers
// module assembles.
import type { NodeSource } from '../../module';
import { ActivitySnapshot } from './activity-snapshot.entity';
import { activitySnapshotsByKeys, fxRatesByKeys } from './activity.queries';
import { ActivityResolver } from './activity.resolver';
import { FxRate } from './fx-rate.entity';
import { IngestResolver } from './ingest.resolver';
import { customerCapabilities } from './permissions';

export const ingestEntities: Function[] = [ActivitySnapshot, FxRate];
export const ingestResolvers: Function[] = [IngestResolver, ActivityResolver];


/** node(id:) for snapshots (within the viewer's book) and rates; index.ts spreads these into `nodes`. */
export const ingestNodes: NodeSource[] = [
  { typeName: 'ActivitySnapshot', capability: customerCapabilities.read, load: activitySnapshotsByKeys },
  { typeName: 'FxRate', capability: customerCapabilities.read, load: fxRatesByKeys },
];

/** Partner scopes the ingestion rules refer to; index.ts adds them to the module's `scopes`. */
export const ingestScopes = ['ingest:write'];

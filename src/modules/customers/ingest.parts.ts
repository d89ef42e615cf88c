// Ingestion from core banking (customers, accounts, activity, FX rates): the parts the customers
// module assembles.
import { can } from '../../auth/permissions';
import type { NodeSource } from '../../module';
import { ActivitySnapshot } from './activity-snapshot.entity';
import { activitySnapshotsByKeys, fxRatesByKeys } from './activity.queries';
import { ActivityResolver } from './activity.resolver';
import { FxRate } from './fx-rate.entity';
import { IngestResolver } from './ingest.resolver';
import { customerCapabilities } from './permissions';

export const ingestEntities: Function[] = [ActivitySnapshot, FxRate];
export const ingestResolvers: Function[] = [IngestResolver, ActivityResolver];

const mayReadCustomers = (v: Parameters<typeof can>[0]) => can(v, customerCapabilities.read);

/** node(id:) for snapshots (within the viewer's book) and rates; index.ts spreads these into `nodes`. */
export const ingestNodes: NodeSource[] = [
  { typeName: 'ActivitySnapshot', allowed: mayReadCustomers, load: activitySnapshotsByKeys },
  { typeName: 'FxRate', allowed: mayReadCustomers, load: fxRatesByKeys },
];

/** Partner scopes the ingestion rules refer to; index.ts adds them to the module's `scopes`. */
export const ingestScopes = ['ingest:write'];

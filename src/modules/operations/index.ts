import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { jobRunsByKeys } from './job-run.queries';
import { JobRunResolver } from './job-run.resolver';
import { operationsCapabilities, operationsPermissions } from './permissions';
import { operationsExamples } from './operations.examples';

// Operating Keel: what its background jobs did. Running them is the platform's job runner.
export const operationsModule: KeelModule = {
  name: 'operations',
  examples: operationsExamples,
  entities: [],
  resolvers: [JobRunResolver],
  rules: rulesOf(operationsPermissions),
  permissions: operationsPermissions,
  nodes: [{ typeName: 'JobRun', capability: operationsCapabilities.readJobRuns, load: jobRunsByKeys }],
};

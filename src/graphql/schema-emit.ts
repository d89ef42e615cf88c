import { lexicographicSortSchema, printSchema } from 'graphql';
import type { KeelModule } from '../module';
import { buildKeelSchema } from './schema';

export const SCHEMA_FILE = 'schema/schema.graphql';

/** The schema as committed in schema/schema.graphql: sorted, so that diffs show real changes only. */
export function renderSchema(modules: KeelModule[]): string {
  const header = '# Emitted by Keel (npm run schema:emit). Do not edit: change the code and emit again.\n\n';
  return header + printSchema(lexicographicSortSchema(buildKeelSchema(modules).raw)) + '\n';
}

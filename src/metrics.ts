// Prometheus metrics at /metrics: requests by operation and outcome, their duration, and the
// process itself. Labels never carry ids, tokens or personal data.
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Context } from './graphql/context';

export interface Metrics {
  registry: Registry;
  plugin: ApolloServerPlugin<Context>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'keel_' });
  const operations = new Counter({
    name: 'keel_graphql_operations_total',
    help: 'GraphQL operations by type, name and outcome code (ok or the first error code).',
    labelNames: ['type', 'name', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'keel_graphql_operation_seconds',
    help: 'Time from the start of a GraphQL request to its response.',
    labelNames: ['type', 'name'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const cost = new Histogram({
    name: 'keel_graphql_operation_cost',
    help: 'Query cost points requested per operation.',
    buckets: [1, 10, 50, 100, 500, 1000, 5000, 20000, 50000],
    registers: [registry],
  });

  // Operation names are chosen by callers: bound how many get their own label.
  const MAX_NAMES = 200;
  const names = new Set<string>();
  const nameLabel = (raw: string): string => {
    const name = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(raw) ? raw : 'invalid';
    if (names.has(name)) return name;
    if (names.size >= MAX_NAMES) return 'other';
    names.add(name);
    return name;
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const type = operation?.operation ?? 'unknown';
          // Names are chosen by callers: only authenticated callers' names get a label (and only so many).
          const name = !operation ? 'invalid' : contextValue?.viewer ? nameLabel(operationName ?? 'anonymous') : 'unauthenticated';
          // The code the caller saw (masked errors count as INTERNAL_SERVER_ERROR).
          const sent = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const first = sent?.length ? (sent[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : undefined;
          operations.inc({ type, name, outcome: typeof first === 'string' ? first : 'ok' });
          duration.observe({ type, name }, Number(process.hrtime.bigint() - started) / 1e9);
          const requested = response.body.kind === 'single' ? (response.body.singleResult.extensions?.cost as { requested?: number } | undefined)?.requested : undefined;
          if (typeof requested === 'number') cost.observe(requested);
        },
      };
    },
  };
  return { registry, plugin };
}

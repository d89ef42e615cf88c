// Prometheus metrics at /metrics: GraphQL operations by type, name and outcome, their duration and cost,
// errors by code, the database pool (connections in use, idle, waiting requests, acquire wait), the job
// queues (queued, retrying, active, failed runs per job, read at scrape time), open subscriptions, the
// process itself, and what modules declare of their own (`KeelModule.metrics`).
// Labels never carry ids, tokens or personal data: names of operations and jobs, codes and states only.
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter, type CounterConfiguration, collectDefaultMetrics, Gauge, Histogram, type HistogramConfiguration, type Metric, Registry } from 'prom-client';
import { JOB_QUEUE_SCHEMA } from '../migrations/Migration20261201000300_job_queue';
import type { Context } from './graphql/context';
import { DEAD_LETTER_QUEUE, jobsOf } from './jobs/queues';
import type { KeelModule } from './module';

export interface SubscriptionStats {
  connections: number;
  subscriptions: number;
}

export interface Metrics {
  registry: Registry;
  plugin: ApolloServerPlugin<Context>;
  /** Where the open subscriptions are counted (the server's subscription endpoint, once it serves). */
  observeSubscriptions(stats: () => SubscriptionStats): void;
}

export interface MetricsDeps {
  /** The requests' ORM: its pools are observed and the job queues are read through it. */
  orm?: MikroORM;
  /** The deployment's modules: their jobs' queues and their own metrics. */
  modules?: KeelModule[];
  /** How long a reading of the job queues is reused, in milliseconds (default 5 s). */
  jobQueueCacheMs?: number;
}

/**
 * A metric a module declares (`KeelModule.metrics`) and records itself, registered with each app's
 * registry. Made with `moduleCounter` / `moduleHistogram` (or prom-client with `registers: []`).
 */
export type ModuleMetric = Metric;

/** A counter for a module's `metrics` list: not in any registry until an app registers it. */
export function moduleCounter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return new Counter<L>({ ...config, registers: [] });
}

/** A histogram for a module's `metrics` list: not in any registry until an app registers it. */
export function moduleHistogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
  return new Histogram<L>({ ...config, registers: [] });
}

/** Label names that would carry who or what a series is about; a module metric using one is refused. */
const IDENTIFYING_LABEL = /(^|_)(id|ids|key|uuid|token|secret|email|phone|name|subject|sub|user|customer|client|ip|address|national)($|_)/i;
/** Label names the platform allows although they end like an identifier: they name kinds, not instances. */
const KIND_LABELS = new Set(['job', 'queue', 'outcome', 'state', 'code', 'type', 'kind', 'method', 'status', 'event', 'pool', 'operation']);

/** Refuses a module metric whose name is outside keel_ or whose labels could identify someone. */
export function checkModuleMetric(module: string, metric: ModuleMetric): void {
  const { name, labelNames = [] } = metric as unknown as { name: string; labelNames?: string[] };
  if (!/^keel_[a-z][a-z0-9_]{0,80}$/.test(name)) throw new Error(`module ${module}: metric ${name} must be named keel_<what> in snake case`);
  for (const label of labelNames) {
    if (!KIND_LABELS.has(label) && IDENTIFYING_LABEL.test(label)) {
      throw new Error(`module ${module}: metric ${name} has the label "${label}", which would carry an id or personal data`);
    }
  }
}

/** The pools behind the ORM: knex's (tarn) pool of the primary and of each read replica. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  on(event: 'acquireRequest' | 'acquireSuccess' | 'acquireFail', listener: (eventId: number) => void): void;
}

function poolsOf(orm: MikroORM): { name: string; pool: TarnPool }[] {
  const driver = orm.em.getDriver() as unknown as { getConnection(type?: 'read' | 'write'): unknown; replicas?: unknown[] };
  const connections = [driver.getConnection('write'), ...(driver.replicas ?? [])] as { getKnex(): { client: { pool?: TarnPool } } }[];
  return connections
    .map((c, i) => ({ name: i === 0 ? 'primary' : `replica${i - 1}`, pool: c.getKnex().client.pool }))
    .filter((p): p is { name: string; pool: TarnPool } => !!p.pool);
}

const JOB_STATES = ['created', 'retry', 'active', 'failed'] as const;

export function createMetrics(deps: MetricsDeps = {}): Metrics {
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
  const errors = new Counter({
    name: 'keel_graphql_errors_total',
    help: 'Errors in GraphQL responses by the code the caller saw (masked errors count as INTERNAL_SERVER_ERROR).',
    labelNames: ['code'],
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
  const codeLabel = (raw: unknown): string => (typeof raw === 'string' && /^[A-Z][A-Z0-9_]{0,47}$/.test(raw) ? raw : 'OTHER');

  const plugin: ApolloServerPlugin<Context> = {
    // Refused before an operation runs (bad credentials, too many refusals): no request hooks follow.
    async contextCreationDidFail({ error }) {
      const code = codeLabel((error as { extensions?: { code?: unknown } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      operations.inc({ type: 'unknown', name: 'unauthenticated', outcome: code });
      errors.inc({ code });
    },
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
          for (const e of sent ?? []) errors.inc({ code: codeLabel(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          duration.observe({ type, name }, Number(process.hrtime.bigint() - started) / 1e9);
          const requested = response.body.kind === 'single' ? (response.body.singleResult.extensions?.cost as { requested?: number } | undefined)?.requested : undefined;
          if (typeof requested === 'number') cost.observe(requested);
        },
      };
    },
  };

  if (deps.orm) observePools(registry, poolsOf(deps.orm));
  if (deps.orm) observeJobQueues(registry, deps.orm, deps.modules ?? [], deps.jobQueueCacheMs ?? 5000);

  let subscriptionStats: () => SubscriptionStats = () => ({ connections: 0, subscriptions: 0 });
  new Gauge({
    name: 'keel_subscription_connections',
    help: 'Open subscription (graphql-ws) connections that have authenticated, on this replica.',
    registers: [registry],
    collect() {
      this.set(subscriptionStats().connections);
    },
  });
  new Gauge({
    name: 'keel_subscriptions_active',
    help: 'Subscriptions running on the open connections, on this replica.',
    registers: [registry],
    collect() {
      this.set(subscriptionStats().subscriptions);
    },
  });

  for (const m of deps.modules ?? []) {
    for (const metric of m.metrics ?? []) {
      checkModuleMetric(m.name, metric);
      registry.registerMetric(metric);
    }
  }

  return {
    registry,
    plugin,
    observeSubscriptions(stats) {
      subscriptionStats = stats;
    },
  };
}

function observePools(registry: Registry, pools: { name: string; pool: TarnPool }[]): void {
  new Gauge({
    name: 'keel_db_pool_connections',
    help: 'Database connections of the pool by state: used (lent to a request), idle, creating.',
    labelNames: ['pool', 'state'],
    registers: [registry],
    collect() {
      for (const { name, pool } of pools) {
        this.set({ pool: name, state: 'used' }, pool.numUsed());
        this.set({ pool: name, state: 'idle' }, pool.numFree());
        this.set({ pool: name, state: 'creating' }, pool.numPendingCreates());
      }
    },
  });
  new Gauge({
    name: 'keel_db_pool_waiting',
    help: 'Requests for a connection waiting because the pool has none free.',
    labelNames: ['pool'],
    registers: [registry],
    collect() {
      for (const { name, pool } of pools) this.set({ pool: name }, pool.numPendingAcquires());
    },
  });
  new Gauge({
    name: 'keel_db_pool_max',
    help: 'The most connections the pool opens.',
    labelNames: ['pool'],
    registers: [registry],
    collect() {
      for (const { name, pool } of pools) this.set({ pool: name }, pool.max);
    },
  });
  const wait = new Histogram({
    name: 'keel_db_pool_acquire_seconds',
    help: 'Time a request waited for a database connection from the pool.',
    labelNames: ['pool'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  for (const { name, pool } of pools) {
    const started = new Map<number, bigint>();
    pool.on('acquireRequest', (id) => {
      // A bound, so that a pool that never answers cannot grow the map without end.
      if (started.size < 10_000) started.set(id, process.hrtime.bigint());
    });
    pool.on('acquireSuccess', (id) => {
      const at = started.get(id);
      started.delete(id);
      if (at !== undefined) wait.observe({ pool: name }, Number(process.hrtime.bigint() - at) / 1e9);
    });
    pool.on('acquireFail', (id) => started.delete(id));
  }
}

function observeJobQueues(registry: Registry, orm: MikroORM, modules: KeelModule[], cacheMs: number): void {
  const queues = [...jobsOf(modules).map((j) => j.name), DEAD_LETTER_QUEUE];
  let reading: { at: number; rows: Promise<{ name: string; state: string; n: number }[]> } | null = null;
  const read = () => {
    const now = Date.now();
    if (!reading || now - reading.at >= cacheMs) {
      // One grouped count over the deployment's own queues and the states that are work, not history.
      const rows = orm.em
        .getConnection()
        .execute<{ name: string; state: string; n: number }[]>(
          `select name, state::text as state, count(*)::int as n from ${JOB_QUEUE_SCHEMA}.job
            where name in (?) and state in (?) group by name, state`,
          [queues, [...JOB_STATES]],
        );
      reading = { at: now, rows };
      // A failed reading is tried again at the next scrape rather than kept for the cache's life.
      rows.catch(() => (reading = null));
    }
    return reading.rows;
  };
  const scrapeErrors = new Counter({
    name: 'keel_job_queue_read_errors_total',
    help: 'Scrapes that could not read the job queues (the database was away or slow).',
    registers: [registry],
  });
  new Gauge({
    name: 'keel_job_queue_jobs',
    help: 'Runs of each job by state: created (queued), retry (waiting to retry), active, failed (kept for 30 days); dead-letter holds runs whose retries ran out.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      let rows: { name: string; state: string; n: number }[];
      try {
        rows = await read();
      } catch {
        scrapeErrors.inc();
        return;
      }
      this.reset();
      for (const queue of queues) for (const state of JOB_STATES) this.set({ queue, state }, 0);
      for (const r of rows) this.set({ queue: r.name, state: r.state }, r.n);
    },
  });
}

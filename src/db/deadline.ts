// A request's deadline (REQUEST_TIMEOUT_MS) in the database: no statement of the request starts after it.
// A transaction that runs past it fails at its next statement and is rolled back; with
// DB_STATEMENT_TIMEOUT_MS bounding the statement running at the deadline, a request's database work ends
// by deadline + one statement timeout. Transaction control always passes: a refused COMMIT or ROLLBACK
// would leave the transaction open on a pooled connection, for the next request to inherit.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';

export const DEADLINE_EXCEEDED = 'KEEL_DEADLINE_EXCEEDED';

export class DeadlineExceeded extends Error {
  /** A code, like the driver's errors, that survives MikroORM's re-wrapping (which drops the class). */
  readonly code = DEADLINE_EXCEEDED;
  constructor() {
    super('the request ran past its deadline (REQUEST_TIMEOUT_MS)');
  }
}

const deadlines = new AsyncLocalStorage<{ at: number }>();

/**
 * Puts the rest of the current request under a deadline `ms` from now: what runs after this call in the
 * same synchronous frame, and everything started from there on. Call it before the first await.
 */
export function enterDeadline(ms: number): void {
  deadlines.enterWith({ at: Date.now() + ms });
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set transaction)\b/i;

interface QueryEvents {
  on(event: 'query', listener: (query: { sql?: string }) => void): unknown;
}

/** Refuses, inside a deadline that has passed, every statement but transaction control, on the primary and replicas. */
export function enforceDeadlines(orm: MikroORM): void {
  const driver = orm.em.getDriver() as unknown as { getConnection(type?: 'read' | 'write'): unknown; replicas?: unknown[] };
  const connections = [driver.getConnection('write'), ...(driver.replicas ?? [])] as { getKnex(): { client: QueryEvents } }[];
  for (const connection of connections) {
    // knex emits 'query' synchronously just before it sends a statement (transactions' statements too),
    // in the caller's async context; a listener that throws stops the statement.
    connection.getKnex().client.on('query', (query) => {
      const deadline = deadlines.getStore();
      if (deadline && Date.now() >= deadline.at && !TRANSACTION_CONTROL.test(query.sql ?? '')) throw new DeadlineExceeded();
    });
  }
}

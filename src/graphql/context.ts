import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { KeelModule, NodeSource } from '../module';

/** Full (unmasked) reads of personal data in this request, written to the audit trail in one insert. */
export class PiiReads {
  private readonly byCustomer = new Map<string, Set<string>>();
  add(customerId: string, field: string): void {
    let fields = this.byCustomer.get(customerId);
    if (!fields) this.byCustomer.set(customerId, (fields = new Set()));
    fields.add(field);
  }
  entries(): [string, string[]][] {
    return [...this.byCustomer].map(([id, fields]) => [id, [...fields].sort()]);
  }
  get size(): number {
    return this.byCustomer.size;
  }
}

export interface Context {
  requestId: string;
  /** The address the request came from (the socket's; Keel trusts no forwarding header). */
  clientIp: string | null;
  viewer: Viewer | null;
  /** A fork of the EntityManager for this request only. */
  em: EntityManager;
  clock: Clock;
  /** The request's time, fixed when it started. */
  now: Date;
  config: Config;
  log: Logger;
  piiReads: PiiReads;
  /** How node(id:) fetches each type. */
  nodeSources: Map<string, NodeSource>;
  /** The modules of this app, for contributions between modules (e.g. offboarding checklist items). */
  modules: KeelModule[];
  /**
   * Where this request's reads go: 'read' (a replica, when there are any) for queries, 'write' (the
   * primary) for mutations, so that a mutation reads back what it wrote.
   */
  readFrom: 'read' | 'write';
  /** The operation's variables, coerced once (defaults applied) when the operation is priced. */
  coercedVariables?: Record<string, unknown>;
  /** Per-request memo for DataLoaders and other request-scoped caches. */
  memo<T>(key: object, make: () => T): T;
}

export function makeMemo(): Context['memo'] {
  const cache = new Map<object, unknown>();
  return <T>(key: object, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
}

/** The query builder for this request's reads (see Context.readFrom). */
export function reader(ctx: Context): Knex {
  return ctx.em.getKnex(ctx.readFrom);
}

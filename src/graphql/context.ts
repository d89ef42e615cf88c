import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { KeelModule, NodeSource } from '../module';

/** What a module records about a read to audit (e.g. a full read of personal data). */
export interface AuditedRead {
  /** The module's action name, e.g. "customer.pii_read". */
  action: string;
  entityType: string;
  entityKey: string;
  customerKey: string | null;
}

/**
 * Reads to audit in this request, collected by the modules' resolvers and written to the audit trail in
 * one insert before the answer leaves (one event per read object, with the fields read).
 */
export class AuditedReads {
  private readonly byObject = new Map<string, { read: AuditedRead; fields: Set<string> }>();
  add(read: AuditedRead, field: string): void {
    const id = `${read.action}:${read.entityType}:${read.entityKey}`;
    let entry = this.byObject.get(id);
    if (!entry) this.byObject.set(id, (entry = { read, fields: new Set() }));
    entry.fields.add(field);
  }
  entries(): { read: AuditedRead; fields: string[] }[] {
    return [...this.byObject.values()].map(({ read, fields }) => ({ read, fields: [...fields].sort() }));
  }
  get size(): number {
    return this.byObject.size;
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
  /** Reads the modules want audited (full personal data reads), written once per request. */
  auditedReads: AuditedReads;
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
  /**
   * Set once a mutation's write has committed. From then on a database outage met while reading the
   * answer must not tell the caller to send the write again (it stands): see plugins.ts.
   */
  committedWrite?: boolean;
  /** Per-request memo for DataLoaders and other request-scoped caches. */
  memo<T>(key: object, make: () => T): T;
  /** Published domain events, for subscriptions (absent where none are served). */
  events?: EventBus;
  /**
   * For a subscription: starts a fresh unit of work before each event is delivered (a new EntityManager,
   * empty loaders, the event's time), so that an event never reads what an earlier one cached.
   */
  renew?: () => void;
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

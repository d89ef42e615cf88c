// Raising a domain event: a row in the caller's unit of work, committed or rolled back with the change.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../audit/audit.writer';
import { actorOf } from '../auth/viewer';
import { DomainEvent } from './domain-event.entity';

export interface RaisedEvent {
  /** A type a module declares in `contributes.events`. */
  type: string;
  /** The customer it concerns, for book bounds and filters (a key). */
  customerId?: string | null;
  /** Ids as global ids, changed fields, never more personal data than the type's description says. */
  payload: Record<string, unknown>;
}

export function raiseEvent(em: EntityManager, actor: AuditActor, event: RaisedEvent): DomainEvent {
  const who = actorOf(actor.viewer);
  const row = em.create(DomainEvent, {
    type: event.type,
    occurredAt: actor.now,
    customerId: event.customerId ?? null,
    payload: event.payload,
    actorKind: who.kind,
    actorId: who.id,
    requestId: actor.requestId,
    publishedAt: null,
  });
  em.persist(row);
  return row;
}

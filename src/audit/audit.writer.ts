// Writes audit events inside the caller's unit of work, so that they commit or roll back with it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf, type Viewer } from '../auth/viewer';
import { AuditEvent, type FieldChange } from './audit-event.entity';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  customerId?: string | null;
  changes?: FieldChange[];
}

export interface AuditActor {
  viewer: Viewer | null;
  requestId: string | null;
  now: Date;
}

export function recordAudit(em: EntityManager, actor: AuditActor, input: AuditInput): AuditEvent {
  const who = actorOf(actor.viewer);
  const event = em.create(AuditEvent, {
    occurredAt: actor.now,
    actorKind: who.kind,
    actorId: who.id,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    customerId: input.customerId ?? null,
    changes: input.changes ?? [],
    requestId: actor.requestId,
  });
  em.persist(event);
  return event;
}

/**
 * The changed fields between two snapshots. Personal data is recorded by name only.
 */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  piiFields: ReadonlySet<string> = new Set(),
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    const a = normalise(before[field]);
    const b = normalise(after[field]);
    if (a === b) continue;
    changes.push(piiFields.has(field) ? { field } : { field, old: before[field] ?? null, new: after[field] ?? null });
  }
  return changes;
}

function normalise(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v ?? null);
}

import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export interface FieldChange {
  field: string;
  /** Absent for personal data: only the field name is recorded. */
  old?: unknown;
  new?: unknown;
}

/** An append-only record of who did what. The runtime role can insert and read these, nothing more. */
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['customerId', 'occurredAt'] })
export class AuditEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Enum({ items: ['staff', 'partner', 'system'] })
  actorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'uuid', nullable: true })
  entityId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string | null;

  @Property({ type: 'jsonb', default: "'[]'" })
  changes: FieldChange[] = [];

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}

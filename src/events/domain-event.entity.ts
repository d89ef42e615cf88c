import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

/** One domain event in the outbox, written with the change that raised it. Append-only but for `publishedAt`. */
@Entity({ tableName: 'domain_event' })
export class DomainEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  customerId?: string | null;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Enum({ items: ['staff', 'partner', 'system'] })
  actorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;
}

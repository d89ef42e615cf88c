import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { FeedbackSeverity } from './feedback.entity';

export enum IncidentKind {
  OUTAGE = 'OUTAGE',
  SERVICE_FAILURE = 'SERVICE_FAILURE',
  FRAUD = 'FRAUD',
  DATA_BREACH = 'DATA_BREACH',
  REPUTATIONAL = 'REPUTATIONAL',
}

export enum IncidentStatus {
  OPEN = 'OPEN',
  MONITORING = 'MONITORING',
  RESOLVED = 'RESOLVED',
}

/** Where the bank said something about an incident (INTERNAL: staff only). */
export enum IncidentChannel {
  INTERNAL = 'INTERNAL',
  WEBSITE = 'WEBSITE',
  APP = 'APP',
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  BRANCH = 'BRANCH',
  SOCIAL = 'SOCIAL',
  PRESS = 'PRESS',
}

/**
 * The write model of an incident. Its affected customers (incident_customer) and updates
 * (incident_update, append-only) are written with set-based SQL in incident.service.ts.
 */
@Entity({ tableName: 'incident' })
export class Incident extends BaseEntity {
  [OptionalProps]?: 'version';

  @Property({ type: 'text' })
  title!: string;

  @Enum({ items: () => IncidentKind })
  kind!: IncidentKind;

  @Enum({ items: () => FeedbackSeverity })
  severity!: FeedbackSeverity;

  @Enum({ items: () => IncidentStatus })
  status!: IncidentStatus;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Enum({ items: ['staff', 'partner', 'system'] })
  openedByKind!: 'staff' | 'partner' | 'system';

  /** Staff subject, partner id or "system". */
  @Property({ type: 'text' })
  openedBy!: string;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

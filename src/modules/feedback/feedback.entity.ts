import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

export enum FeedbackChannel {
  SURVEY = 'SURVEY',
  PHONE = 'PHONE',
  BRANCH = 'BRANCH',
  CHAT = 'CHAT',
  EMAIL = 'EMAIL',
  APP_REVIEW = 'APP_REVIEW',
  SOCIAL = 'SOCIAL',
}

export enum FeedbackKind {
  SATISFACTION_SURVEY = 'SATISFACTION_SURVEY',
  COMPLAINT = 'COMPLAINT',
  SUGGESTION = 'SUGGESTION',
  COMPLIMENT = 'COMPLIMENT',
  SUPPORT_REQUEST = 'SUPPORT_REQUEST',
  EXIT_INTERVIEW = 'EXIT_INTERVIEW',
}

export enum FeedbackStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

export enum FeedbackSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum SentimentLabel {
  NEGATIVE = 'NEGATIVE',
  NEUTRAL = 'NEUTRAL',
  POSITIVE = 'POSITIVE',
}

/** How a complaint ended, as the customer would put it. */
export enum ResolutionOutcome {
  UPHELD = 'UPHELD',
  PARTIALLY_UPHELD = 'PARTIALLY_UPHELD',
  NOT_UPHELD = 'NOT_UPHELD',
  WITHDRAWN = 'WITHDRAWN',
}

/** The write model of one piece of feedback. Reads go through feedback.queries.ts. */
@Entity({ tableName: 'feedback' })
export class Feedback extends BaseEntity {
  [OptionalProps]?: 'version' | 'topics' | 'escalationLevel';

  @Property({ type: 'uuid' })
  customerId!: string;

  /** The sender's own id for an imported response; unique per channel (the source), so re-sends are no-ops. */
  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Enum({ items: () => FeedbackChannel })
  channel!: FeedbackChannel;

  @Enum({ items: () => FeedbackKind })
  kind!: FeedbackKind;

  @Property({ type: 'smallint', nullable: true })
  nps?: number | null;

  @Property({ type: 'smallint', nullable: true })
  csat?: number | null;

  @Property({ type: 'text', nullable: true })
  text?: string | null;

  @Enum({ items: ['en', 'zh'], nullable: true })
  language?: 'en' | 'zh' | null;

  /** -1 (negative) .. 1 (positive), as the text analysis scored it. */
  @Property({ type: 'decimal', columnType: 'numeric(5,4)', nullable: true })
  sentimentScore?: string | null;

  @Enum({ items: () => SentimentLabel, nullable: true })
  sentimentLabel?: SentimentLabel | null;

  @Property({ type: ArrayType, columnType: 'text[]', defaultRaw: "'{}'" })
  topics: string[] = [];

  @Enum({ items: () => FeedbackStatus })
  status!: FeedbackStatus;

  @Enum({ items: () => FeedbackSeverity })
  severity!: FeedbackSeverity;

  @Property({ type: 'uuid', nullable: true })
  assigneeId?: string | null;

  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acknowledgeBy?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  resolveBy?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  acknowledgedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  overdueAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  escalationLevel: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  escalatedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  resolution?: string | null;

  @Enum({ items: () => ResolutionOutcome, nullable: true })
  resolutionOutcome?: ResolutionOutcome | null;

  @Property({ type: 'uuid', nullable: true })
  offboardingCaseId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  textErasedAt?: Date | null;

  /** The incident a complaint is about (incident.service.ts links it). */
  @Property({ type: 'uuid', nullable: true })
  incidentId?: string | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** One step of a piece of feedback's handling: from where to where, who, when and why. Append-only. */
@Entity({ tableName: 'feedback_transition' })
export class FeedbackTransition {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  // A relation only so that the unit of work inserts the feedback first; the property stays its id.
  @ManyToOne(() => Feedback, { fieldName: 'feedback_id', mapToPk: true })
  feedbackId!: string;

  @Property({ type: 'text' })
  transition!: string;

  @Property({ type: 'text', nullable: true })
  fromStatus?: string | null;

  @Property({ type: 'text' })
  toStatus!: string;

  @Enum({ items: ['staff', 'partner', 'system'] })
  actorKind!: 'staff' | 'partner' | 'system';

  @Property({ type: 'text' })
  actorId!: string;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  noteErasedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}

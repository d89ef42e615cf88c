import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import type { BandThresholds, ModelFeature, ModelMetrics } from './risk.model-spec';

export enum RiskModelKind {
  LOGISTIC = 'LOGISTIC',
}

export enum RiskModelStatus {
  DRAFT = 'DRAFT',
  TRAINING = 'TRAINING',
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
  FAILED = 'FAILED',
}

/** A versioned churn model: every number a compliance officer needs to read it, and what it was trained on. */
@Entity({ tableName: 'risk_model' })
export class RiskModel extends BaseEntity {
  [OptionalProps]?: 'metrics' | 'failureReason' | 'activatedBy' | 'activatedAt' | 'retiredAt' | 'trainingFrom' | 'trainingTo' | 'snapshotDates';

  @Property({ type: 'integer', unique: 'risk_model_version_key' })
  version!: number;

  @Enum({ items: () => RiskModelKind })
  kind!: RiskModelKind;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'json', columnType: 'jsonb' })
  features!: ModelFeature[];

  @Property({ type: 'double' })
  intercept!: number;

  @Property({ type: 'json', columnType: 'jsonb' })
  bandThresholds!: BandThresholds;

  @Property({ type: 'date', nullable: true })
  trainingFrom?: string | null;

  @Property({ type: 'date', nullable: true })
  trainingTo?: string | null;

  /** The snapshot dates (YYYY-MM-DD) of training; the last one is the time-based holdout. */
  @Property({ type: 'json', columnType: 'jsonb', default: "'[]'" })
  snapshotDates: string[] = [];

  /** The label: a customer-initiated exit within this many months of the snapshot. */
  @Property({ type: 'integer' })
  horizonMonths!: number;

  @Property({ type: 'double' })
  regularisation!: number;

  @Property({ type: 'integer' })
  trainingSize!: number;

  @Property({ type: 'integer' })
  holdoutSize!: number;

  @Property({ type: 'json', columnType: 'jsonb', nullable: true })
  metrics?: ModelMetrics | null;

  @Enum({ items: () => RiskModelStatus })
  status!: RiskModelStatus;

  @Property({ type: 'text', nullable: true })
  failureReason?: string | null;

  @Property({ type: 'text' })
  trainedBy!: string;

  @Property({ type: 'text', nullable: true })
  activatedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  activatedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date | null;
}

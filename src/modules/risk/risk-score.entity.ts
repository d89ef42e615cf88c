import { randomUUID } from 'node:crypto';
import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { RiskBand } from './risk.model-spec';

/** One factor of a score: the feature, its value, its signed contribution to the logit, and why, in words. */
export interface RiskFactor {
  feature: string;
  value: number | null;
  contribution: number;
  reasonEn: string;
  reasonZh: string;
}

/**
 * A score in a customer's history: from a model version (source MODEL) or from a bank's own platform
 * (source named by the partner). Written in set-based SQL by the batch; append-only.
 */
@Entity({ tableName: 'risk_score' })
export class RiskScore {
  [OptionalProps]?: 'featureValues' | 'contributions';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid', nullable: true })
  modelId?: string | null;

  @Property({ type: 'integer', nullable: true })
  modelVersion?: number | null;

  /** MODEL for Keel's own models, otherwise the external platform's name. */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'double' })
  score!: number;

  @Enum({ items: () => RiskBand })
  band!: RiskBand;

  @Property({ type: 'double', nullable: true })
  logit?: number | null;

  /** Each feature's value, in the model's feature order (null when unknown); empty for an external score. */
  @Property({ columnType: 'double precision[]', defaultRaw: "'{}'" })
  featureValues: (number | null)[] = [];

  /** Each feature's signed contribution to the logit, in the model's feature order. */
  @Property({ columnType: 'double precision[]', defaultRaw: "'{}'" })
  contributions: number[] = [];

  /** What caused it: BATCH, MODEL_ACTIVATED, SEED, EXTERNAL. */
  @Property({ type: 'text' })
  triggeredBy!: string;

  @Property({ type: 'timestamptz' })
  computedAt!: Date;
}

/** The active model's current score of each customer, denormalised for fast lists, filters and ordering. */
@Entity({ tableName: 'risk_current_score' })
export class RiskCurrentScore {
  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  scoreId!: string;

  @Property({ type: 'uuid' })
  modelId!: string;

  @Property({ type: 'integer' })
  modelVersion!: number;

  @Property({ type: 'double' })
  score!: number;

  @Enum({ items: () => RiskBand })
  band!: RiskBand;

  @Property({ type: 'double' })
  logit!: number;

  @Property({ columnType: 'double precision[]' })
  featureValues!: (number | null)[];

  @Property({ columnType: 'double precision[]' })
  contributions!: number[];

  @Property({ type: 'timestamptz' })
  computedAt!: Date;
}

/** A rise of a customer's band to HIGH or CRITICAL, for the relationship manager to act on and acknowledge. */
@Entity({ tableName: 'risk_alert' })
export class RiskAlert {
  [OptionalProps]?: 'acknowledgedAt' | 'acknowledgedBy';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  scoreId!: string;

  @Enum({ items: () => RiskBand })
  fromBand!: RiskBand;

  @Enum({ items: () => RiskBand })
  toBand!: RiskBand;

  @Property({ type: 'double' })
  score!: number;

  @Property({ type: 'timestamptz' })
  raisedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acknowledgedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  acknowledgedBy?: string | null;
}

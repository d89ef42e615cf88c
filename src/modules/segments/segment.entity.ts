import { Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import type { StoredRule } from './segment.rule';

export enum SegmentKind {
  /** Members are the customers a rule selects, recomputed on refresh. */
  DYNAMIC = 'DYNAMIC',
  /** Members are added and removed by hand. */
  STATIC = 'STATIC',
}

/** A target group of customers. Membership lives in `segment_membership`, written by set-based SQL only. */
@Entity({ tableName: 'segment' })
export class Segment extends BaseEntity {
  [OptionalProps]?: 'version' | 'memberCount' | 'refreshedAt' | 'description' | 'rule';

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Enum({ items: () => SegmentKind })
  kind!: SegmentKind;

  @Property({ type: 'jsonb', nullable: true })
  rule?: StoredRule | null;

  /** Who created it (the actor id). */
  @Property({ type: 'text' })
  ownerId!: string;

  @Property({ type: 'integer' })
  memberCount: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  refreshedAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

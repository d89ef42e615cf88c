import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

/** A member of staff known to Keel, matched to JWTs by the identity provider's subject. */
@Entity({ tableName: 'staff_user' })
export class StaffUser extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  subject!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  email?: string | null;
}

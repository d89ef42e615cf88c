import { ArrayType, BlobType, Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';

/**
 * A partner app and its token. Only the SHA-256 of the token is stored; after a rotation the
 * previous hash keeps working until `previousSecretExpiresAt`. Revocation is a timestamp, never a
 * delete, so that the audit trail's entity ids keep pointing somewhere.
 */
@Entity({ tableName: 'api_client' })
export class ApiClient extends BaseEntity {
  @Property({ type: 'text' })
  @Unique({ name: 'api_client_public_id_key' })
  publicId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  scopes!: string[];

  @Property({ type: BlobType, columnType: 'bytea' })
  secretHash!: Buffer;

  @Property({ type: BlobType, columnType: 'bytea', nullable: true })
  previousSecretHash?: Buffer | null;

  @Property({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt?: Date | null;

  /** The client's own budget of cost points per rate-limit window; null: the deployment's default. */
  @Property({ type: 'integer', nullable: true })
  rateLimitPoints?: number | null;

  /** The staff subject who created the client. */
  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  rotatedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  revokedBy?: string | null;
}

// The read model of API clients: plain objects from SQL. No secret or hash is ever a field.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, Node } from '../../graphql/relay';

export enum ApiClientStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ApiClientStatus, {
  name: 'ApiClientStatus',
  description: 'Whether a client\'s token is accepted now.',
  valuesConfig: {
    ACTIVE: { description: 'The token is accepted.' },
    EXPIRED: { description: 'The client\'s expiry time has passed; its token is refused.' },
    REVOKED: { description: 'An admin revoked the client; its token is refused.' },
  },
});

@ObjectType('ApiClient', {
  implements: Node,
  description: 'A partner app that calls Keel with a scoped API token. The token itself is shown only once, when it is issued.',
  simpleResolvers: true,
})
export class ApiClientView extends Node {
  key!: string;

  @Field({ description: 'The public part of the token (`keel_<publicId>_…`); safe to show and to search logs for.' })
  publicId!: string;
  @Field({ description: 'What the client is, for people (e.g. "Survey tool").' })
  name!: string;
  @Field(() => [String], { description: 'Partner scopes the token grants (e.g. "customers:read").' })
  scopes!: string[];

  @Field(() => Int, { nullable: true, description: 'The client\'s own budget of query cost points per window; null: the deployment\'s partner budget.' })
  rateLimitPoints!: number | null;
  @Field(() => ApiClientStatus, { description: 'Whether the token is accepted now.' })
  status!: ApiClientStatus;
  @Field({ description: 'Subject of the staff member who created the client.' })
  createdBy!: string;
  @Field(() => Date, { description: 'When the client was created.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the token stops working; null: it does not expire.' })
  expiresAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the client last authenticated, accurate to a minute; null: never.' })
  lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the token was last rotated.' })
  rotatedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Until when the token that the last rotation replaced keeps working; null when there is none.',
  })
  previousTokenExpiresAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the client was revoked; null: not revoked.' })
  revokedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Subject of the staff member who revoked the client.' })
  revokedBy!: string | null;
}

export const ApiClientConnection = ConnectionType(ApiClientView, 'ApiClient');

import { IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { KNOWN_SCOPES } from './scopes';
import { ConnectionArgs } from '../../graphql/relay';
import { ApiClientStatus } from './api-client.type';

@InputType({ description: 'Narrows the list of API clients; all given conditions must hold.' })
export class ApiClientFilter {
  @Field(() => [ApiClientStatus], { nullable: true, description: 'Any of these statuses (as of now).' })
  status_in?: ApiClientStatus[];
}

@ArgsType()
export class ApiClientsArgs extends ConnectionArgs {
  @Field(() => ApiClientFilter, { nullable: true, description: 'Which clients to list; default all, newest first.' })
  filter?: ApiClientFilter;
}

@InputType({ description: 'A new partner app. Its token is returned once, in the payload.' })
export class CreateApiClientInput {
  @Field({ description: 'What the client is, for people (1 to 100 characters).' })
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => [String], { description: `Partner scopes to grant, at least one of: ${KNOWN_SCOPES.join(', ')}.` })
  scopes!: string[];

  @Field(() => Date, { nullable: true, description: 'When the token stops working (in the future); default never.' })
  expiresAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'The client\'s own budget of query cost points per rate-limit window; default: the deployment\'s partner budget.' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000_000)
  rateLimitPoints?: number | null;
}

@InputType({ description: 'Which client gets a new token.' })
export class RotateApiClientTokenInput {
  @Field(() => ID, { description: 'The ApiClient to rotate.' })
  id!: string;
}

@InputType({ description: 'Which client to revoke.' })
export class RevokeApiClientInput {
  @Field(() => ID, { description: 'The ApiClient to revoke; its token is refused from the next request on.' })
  id!: string;
}

@InputType({ description: 'Changes to a client: its name or its own budget. Omitted fields stay as they are.' })
export class UpdateApiClientInput {
  @Field(() => ID, { description: 'The ApiClient to change.' })
  id!: string;

  @Field({ nullable: true, description: 'What the client is, for people (1 to 100 characters).' })
  @IsOptional()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => Int, { nullable: true, description: 'The client\'s own budget of query cost points per window.' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000_000)
  rateLimitPoints?: number;

  @Field({ nullable: true, description: 'true: drop the client\'s own budget and use the deployment\'s partner budget.' })
  @IsOptional()
  useDefaultRateLimit?: boolean;
}

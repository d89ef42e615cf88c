// Thin resolvers: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import type { Problem } from '../../domain/errors';
import { UserError } from '../../graphql/errors';
import { mutationPayload } from '../../graphql/payload';
import { keyOf, pageRequest } from '../../graphql/relay';
import { serviceDeps } from '../../graphql/service-deps';
import { ApiClientsArgs, CreateApiClientInput, RevokeApiClientInput, RotateApiClientTokenInput, UpdateApiClientInput } from './api-client.inputs';
import { apiClientsByKeys, listApiClients } from './api-client.queries';
import { createApiClient, createProblems, grantableScopes, revokeApiClient, rotateApiClientToken, updateApiClient, updateProblems } from './api-client.service';
import { ApiClientConnection, ApiClientView } from './api-client.type';

/** The payload of a mutation that issues a token: the client, the token shown once, or userErrors. */
function IssuedTokenPayload(mutation: string, clientDescription: string) {
  @ObjectType(`${mutation[0].toUpperCase()}${mutation.slice(1)}Payload`, { description: `Result of ${mutation}.`, simpleResolvers: true })
  class Payload {
    @Field(() => ApiClientView, { nullable: true, description: clientDescription })
    apiClient!: ApiClientView | null;
    @Field(() => String, {
      nullable: true,
      description: 'The token, `keel_<publicId>_<secret>`: shown this once and never again (Keel keeps only a hash). Null when there are userErrors.',
    })
    token!: string | null;
    @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
    userErrors!: UserError[];
  }
  return Payload;
}

const CreateApiClientPayload = IssuedTokenPayload('createApiClient', 'The client as saved; null when there are userErrors.');
const RotateApiClientTokenPayload = IssuedTokenPayload(
  'rotateApiClientToken',
  'The client as saved; `previousTokenExpiresAt` says until when the old token works. Null when there are userErrors.',
);

/** The payload of a mutation that changes a client without issuing a token. */
function ClientPayload(mutation: string) {
  @ObjectType(`${mutation[0].toUpperCase()}${mutation.slice(1)}Payload`, { description: `Result of ${mutation}.`, simpleResolvers: true })
  class Payload {
    @Field(() => ApiClientView, { nullable: true, description: 'The client as saved; null when there are userErrors.' })
    apiClient!: ApiClientView | null;
    @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
    userErrors!: UserError[];
  }
  return Payload;
}

const RevokeApiClientPayload = ClientPayload('revokeApiClient');
const UpdateApiClientPayload = ClientPayload('updateApiClient');

/** The client a write changed, read back. */
const readClient = (ctx: Context) => async (key: string) => (await apiClientsByKeys(ctx, [key]))[0] ?? null;

/** A write that issues a token: the client and, this once, the token, or the userErrors. */
function issuedTokenPayload(ctx: Context, input: object, write: () => Promise<{ key: string; token: string }>, check?: () => Problem[]) {
  const read = readClient(ctx);
  return mutationPayload(ctx, input, 'apiClient', write, (r) => read(r.key), { extra: (r) => ({ token: r.token }), check });
}

const clientKey = (id: string) => keyOf(id, 'ApiClient');

@Resolver(() => ApiClientView)
export class ApiClientResolver {
  @Query(() => ApiClientConnection, { description: 'Partner API clients, newest first (ADMIN only). Never shows a token.' })
  apiClients(@Args() args: ApiClientsArgs, @Ctx() ctx: Context) {
    return listApiClients(ctx, { statusIn: args.filter?.status_in }, pageRequest(args, 2));
  }

  @Mutation(() => CreateApiClientPayload, { description: 'Register a partner app and issue its token (ADMIN only). Audited.' })
  createApiClient(@Arg('input', () => CreateApiClientInput) input: CreateApiClientInput, @Ctx() ctx: Context) {
    return issuedTokenPayload(ctx, input, () => createApiClient({ ...serviceDeps(ctx), modules: ctx.modules }, input), () => createProblems(input, ctx.now, grantableScopes(ctx.modules)));
  }

  @Mutation(() => RotateApiClientTokenPayload, {
    description: 'Issue a new token for a client; the old one keeps working for the configured grace period (default 24 h), then stops. Audited.',
  })
  rotateApiClientToken(@Arg('input', () => RotateApiClientTokenInput) input: RotateApiClientTokenInput, @Ctx() ctx: Context) {
    return issuedTokenPayload(ctx, input, () => rotateApiClientToken(serviceDeps(ctx), clientKey(input.id), ctx.config.apiTokens.rotationGraceSeconds));
  }

  @Mutation(() => UpdateApiClientPayload, { description: 'Rename a client or change its own budget of cost points (ADMIN only). Audited.' })
  updateApiClient(@Arg('input', () => UpdateApiClientInput) input: UpdateApiClientInput, @Ctx() ctx: Context) {
    const { id, ...changes } = input;
    return mutationPayload(ctx, input, 'apiClient', () => updateApiClient(serviceDeps(ctx), clientKey(id), changes), readClient(ctx), {
      check: () => updateProblems(changes),
    });
  }

  @Mutation(() => RevokeApiClientPayload, { description: 'Revoke a client: its token is refused from the next request on, on every replica. Audited.' })
  revokeApiClient(@Arg('input', () => RevokeApiClientInput) input: RevokeApiClientInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'apiClient', () => revokeApiClient(serviceDeps(ctx), clientKey(input.id)), readClient(ctx));
  }
}

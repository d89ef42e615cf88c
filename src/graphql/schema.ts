// Builds the executable schema from the modules, with the permission rules applied.
import { GraphQLError, GraphQLObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { deny, shield, type IRules } from 'graphql-shield';
import { applyMiddlewareToDeclaredResolvers, type IMiddlewareFunction } from 'graphql-middleware';
import { buildSchemaSync } from 'type-graphql';
import { DomainError } from '../domain/errors';
import { graphqlErrorOf } from './domain-errors';
import { isAnyone, isAuthenticated, mergeRuleTrees } from '../auth/rules';
import { resolversOf, type KeelModule } from '../module';
import { ErrorCode } from './errors';
import { PlatformResolver } from './platform.resolver';

type RuleTree = Record<string, Record<string, unknown>>;

const platformRules: RuleTree = {
  Query: { viewer: isAnyone, node: isAuthenticated, nodes: isAuthenticated },
};


const mapped = (err: unknown) => (err instanceof DomainError ? graphqlErrorOf(err) : err);

/**
 * A domain error that leaves a resolver outside a payload becomes a GraphQL error with its outcome's code.
 * Applied with the permission rules to the declared resolvers only, and synchronous for a resolver that
 * is: a type-graphql global middleware would make every field resolver of a page two async calls deeper.
 */
const domainErrorsToGraphql: IMiddlewareFunction = (resolve, parent, args, context, info) => {
  try {
    const result = resolve(parent, args, context, info);
    return typeof (result as PromiseLike<unknown> | null)?.then === 'function'
      ? Promise.resolve(result).catch((err: unknown) => Promise.reject(mapped(err)))
      : result;
  } catch (err) {
    throw mapped(err);
  }
};

export interface KeelSchema {
  /** The schema as declared, before permissions (for emitting and for rule coverage checks). */
  raw: GraphQLSchema;
  /** The schema with permission rules applied: what the server executes. */
  executable: GraphQLSchema;
  rules: RuleTree;
}

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'];

/** Fields that need an explicit rule: root fields, field resolvers and personal data fields. */
export function fieldsNeedingRules(raw: GraphQLSchema, piiFields: string[]): string[] {
  const out = new Set<string>(piiFields);
  for (const type of Object.values(raw.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values((type as GraphQLObjectType).getFields())) {
      if (ROOT_TYPES.includes(type.name) || field.resolve) out.add(`${type.name}.${field.name}`);
    }
  }
  return [...out].sort();
}

export function buildKeelSchema(modules: KeelModule[]): KeelSchema {
  const raw = buildSchemaSync({
    resolvers: resolversOf(modules, [PlatformResolver]),
    validate: false, // inputs are validated by the resolvers, so that problems become userErrors
    emitSchemaFile: false,
    // Subscriptions name their own `subscribe` (a stream of published domain events, filtered for the
    // subscriber); topics through a PubSub are not used.
    pubSub: {
      publish() {
        throw new Error('Keel publishes domain events through the outbox, not a PubSub');
      },
      subscribe() {
        throw new Error('A subscription must name its own subscribe function');
      },
    },
  });
  const rules = mergeRuleTrees(platformRules as IRules, ...modules.map((m) => m.rules)) as RuleTree;
  const missing = fieldsNeedingRules(raw, modules.flatMap((m) => m.piiFields ?? [])).filter((f) => {
    const [type, field] = f.split('.');
    return !rules[type]?.[field];
  });
  if (missing.length) throw new Error(`Fields without a permission rule: ${missing.join(', ')}`);

  const permissions = shield(rules as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => new GraphQLError('Not allowed', { extensions: { code: ErrorCode.FORBIDDEN } }),
  });
  // The rules outside, the mapping next to the resolver: the rules hand a resolver's error on as a value.
  const executable = applyMiddlewareToDeclaredResolvers(raw, permissions, domainErrorsToGraphql);
  return { raw, executable, rules };
}


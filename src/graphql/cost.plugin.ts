// Every operation gets a cost before execution: over the maximum it is refused (QUERY_TOO_COMPLEX);
// otherwise it is spent from the caller's budget (RATE_LIMITED when the budget is gone). Every
// response says what it cost in extensions.cost.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { Config } from '../config';
import type { Context } from './context';
import { operationCost } from './cost';
import { assertShape, tooComplex } from './limits';
import { assertDocumentInput, assertVariableInput } from './validate';
import { ErrorCode } from './errors';
import type { RateLimiter, Spend } from './rate-limit';

export interface CostReport {
  requested: number;
  maximum: number;
  budget: number | null;
  remaining: number | null;
  resetInSeconds: number | null;
}

function budgetOf(ctx: Context, config: Config): { key: string; limit: number } | null {
  const v = ctx.viewer;
  // Callers without credentials share a small budget per address.
  if (!v) return ctx.clientIp ? { key: `anonymous:${ctx.clientIp}`, limit: config.rateLimits.anonymousPoints } : null;
  if (v.kind === 'partner') return { key: `partner:${v.clientId}`, limit: v.rateLimitPoints ?? config.rateLimits.partnerPoints };
  return { key: `staff:${v.subject}`, limit: config.rateLimits.staffPoints };
}

/** No operation to run: the caller named one that is not there, or several and named none. */
function noOperation(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  const message =
    operationName != null
      ? `The document has no operation named "${operationName.slice(0, 100)}"`
      : operations > 1
        ? 'The document has several operations: name the one to run in operationName'
        : 'The document has no operation to run';
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/**
 * What is known about a document already checked and priced. Apollo Server keeps one parsed document per
 * query text, so the same DocumentNode comes back with every request that sends that text: its checks
 * (literal input, depth, aliases) passed once pass again, and its cost for the same operation and
 * variables is the same number. Only what passed is remembered; a refusal is computed (and refused)
 * every time. Held weakly by the document, a bounded number of variable sets per document.
 */
interface DocumentFacts {
  /** Operations whose document-level checks passed. */
  shaped: WeakSet<OperationDefinitionNode>;
  /** Cost by operation and coerced variables. */
  costs: Map<OperationDefinitionNode, Map<string, number>>;
}
const COSTS_PER_OPERATION = 256;

export interface Pricing {
  schema: GraphQLSchema;
  config: Config;
  limiter: RateLimiter;
  fallback: RateLimiter;
  warn: (fields: Record<string, unknown>, message: string) => void;
}

/**
 * Checks an operation's input and shape, prices it and spends the price from the caller's budget
 * (HTTP operations and subscriptions alike); throws a coded GraphQLError when it may not run.
 */
export async function priceAndSpend(
  p: Pricing,
  ctx: Context,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  /** Filled in as far as the pricing got, also when it refuses. */
  report: CostReport = { requested: 0, maximum: p.config.limits.maxCost, budget: null, remaining: null, resetInSeconds: null },
): Promise<CostReport> {
  const { schema, config, limiter, fallback, warn } = p;
  const facts = factsOf(p, document);
  if (!facts.shaped.has(operation)) {
    assertDocumentInput(document);
    assertShape(document, operation, config.limits);
    facts.shaped.add(operation);
  }
  assertVariableInput(variables);
  // Price what will run: variables coerced, their defaults applied. Variables that do not fit their
  // types are refused here, before a wrong value (an Int of 1e308) could be priced.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 10 });
  if (coerced.errors) {
    throw new GraphQLError(coerced.errors[0].message, { nodes: coerced.errors[0].nodes, extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
  }
  ctx.coercedVariables = coerced.coerced;
  const computed = costOf(facts, schema, document, operation, coerced.coerced);
  const requested = Number.isFinite(computed) ? computed : Number.MAX_SAFE_INTEGER;
  report.requested = requested;
  if (requested > config.limits.maxCost) {
    throw tooComplex(`Query cost ${requested} exceeds the maximum of ${config.limits.maxCost}; ask for smaller pages or fewer fields`, 'cost');
  }
  const budget = budgetOf(ctx, config);
  if (!budget) return report;
  let spend: Spend;
  try {
    spend = await limiter.spend(budget.key, requested, budget.limit, ctx.now);
  } catch (err) {
    // A broken shared limiter must not take the API down, nor leave callers unlimited: each
    // replica keeps budgets of its own until it is back.
    warn({ err: { message: (err as Error).message } }, 'rate limiter unavailable; budgets kept per replica meanwhile');
    spend = await fallback.spend(budget.key, requested, budget.limit, ctx.now);
  }
  Object.assign(report, { budget: spend.limit, remaining: spend.remaining, resetInSeconds: spend.resetInSeconds });
  if (!spend.allowed) {
    throw new GraphQLError(`Rate limit reached: this request costs ${requested} points and ${spend.remaining} are left; retry in ${spend.resetInSeconds} s`, {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: spend.resetInSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(spend.resetInSeconds)]]) },
      },
    });
  }
  return report;
}

const documentFacts = new WeakMap<Config['limits'], WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentFacts>>>();

function factsOf(p: Pricing, document: DocumentNode): DocumentFacts {
  // Per limits and schema (what passed under one app's limits proves nothing under another's), then per document.
  let bySchema = documentFacts.get(p.config.limits);
  if (!bySchema) documentFacts.set(p.config.limits, (bySchema = new WeakMap()));
  let byDocument = bySchema.get(p.schema);
  if (!byDocument) bySchema.set(p.schema, (byDocument = new WeakMap()));
  let facts = byDocument.get(document);
  if (!facts) byDocument.set(document, (facts = { shaped: new WeakSet(), costs: new Map() }));
  return facts;
}

function costOf(facts: DocumentFacts, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  let byVariables = facts.costs.get(operation);
  if (!byVariables) facts.costs.set(operation, (byVariables = new Map()));
  let key: string | null = null;
  try {
    key = JSON.stringify(variables);
  } catch {
    key = null; // not JSON (never from HTTP): priced afresh
  }
  const known = key === null ? undefined : byVariables.get(key);
  if (known !== undefined) return known;
  const cost = operationCost(schema, document, operation, variables);
  if (key !== null && key.length <= 10_000) {
    if (byVariables.size >= COSTS_PER_OPERATION) byVariables.delete(byVariables.keys().next().value!);
    byVariables.set(key, cost);
  }
  return cost;
}

export function costPlugin(
  schema: GraphQLSchema,
  config: Config,
  limiter: RateLimiter,
  fallback: RateLimiter,
  warn: (fields: Record<string, unknown>, message: string) => void,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const report: CostReport = { requested: 0, maximum: config.limits.maxCost, budget: null, remaining: null, resetInSeconds: null };
      return {
        async didResolveOperation({ document, operation, request, contextValue: ctx }) {
          if (!operation) throw noOperation(document, request.operationName);
          if (operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are served over WebSocket (the graphql-transport-ws protocol) on /graphql, not over HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          await priceAndSpend({ schema, config, limiter, fallback, warn }, ctx, document, operation, request.variables ?? undefined, report);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...(response.body.singleResult.extensions ?? {}), cost: report };
        },
      };
    },
  };
}

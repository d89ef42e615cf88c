// Issuing, rotating and revoking partner tokens: business rules, one transaction each, the audit
// event in the same transaction. A token leaves this file once, in the return value; what is
// stored and audited is never the token.
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit } from '../../audit/audit.writer';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { invalid, notFound, problem, type Problem } from '../../domain/errors';
import { type KeelModule, scopesOf } from '../../module';
import { ApiClient } from './api-client.entity';
import { ApiClientErrorCode, apiClientErrors } from './api-client.errors';
import type { CreateApiClientInput, UpdateApiClientInput } from './api-client.inputs';
import { KNOWN_SCOPES } from './scopes';
import { newPublicId, newToken } from './token';

/** The deployment's modules travel with the deps: the scopes they declare may be granted. */
export type AccessDeps = ServiceDeps & { modules?: KeelModule[] };

/** Scopes a client may be granted: those of the deployment's modules and those reserved for modules to come. */
export function grantableScopes(modules: KeelModule[] = []): string[] {
  return [...new Set([...KNOWN_SCOPES, ...scopesOf(modules)])];
}

/** A client's changes: the client by key, the rest as the caller sent it. */
export type ApiClientChanges = Omit<UpdateApiClientInput, 'id'>;

export interface IssuedToken {
  /** The client's uuid. */
  key: string;
  /** The token, to hand to the caller once. */
  token: string;
}

function snapshot(c: ApiClient): Record<string, unknown> {
  return {
    publicId: c.publicId,
    name: c.name,
    scopes: c.scopes,
    expiresAt: c.expiresAt ?? null,
    rateLimitPoints: c.rateLimitPoints ?? null,
    revokedAt: c.revokedAt ?? null,
    revokedBy: c.revokedBy ?? null,
  };
}

const MAX_SCOPES = 64; // as the table's check constraint

/** What the rules refuse in a creation input (its format is checked before the service runs). */
export function createProblems(input: CreateApiClientInput, now: Date, scopes: string[] = grantableScopes()): Problem[] {
  const problems: Problem[] = [];
  if (!Array.isArray(input.scopes) || input.scopes.length === 0) {
    problems.push(problem(['input', 'scopes'], ApiClientErrorCode.INVALID, 'Grant at least one scope'));
  } else if (input.scopes.length > MAX_SCOPES) {
    problems.push(problem(['input', 'scopes'], ApiClientErrorCode.INVALID, `Grant at most ${MAX_SCOPES} scopes`));
  } else {
    input.scopes.forEach((s, i) => {
      if (!scopes.includes(s)) {
        problems.push(problem(['input', 'scopes', String(i)], ApiClientErrorCode.UNKNOWN_SCOPE, `Unknown scope "${String(s).slice(0, 50)}"; scopes are: ${scopes.join(', ')}`));
      }
    });
  }
  if (input.expiresAt != null && !(input.expiresAt.getTime() > now.getTime())) {
    problems.push(problem(['input', 'expiresAt'], ApiClientErrorCode.EXPIRES_AT_IN_PAST, 'expiresAt must be in the future'));
  }
  return problems;
}

export async function createApiClient(ctx: AccessDeps, input: CreateApiClientInput): Promise<IssuedToken> {
  const problems = createProblems(input, ctx.now, grantableScopes(ctx.modules));
  if (problems.length) invalid(problems);
  return ctx.em.transactional(async (em) => {
    const publicId = newPublicId();
    const { token, hash } = newToken(publicId);
    const client = em.create(ApiClient, {
      createdAt: ctx.now,
      updatedAt: ctx.now,
      publicId,
      name: input.name.trim(),
      scopes: [...new Set(input.scopes)].sort(),
      secretHash: hash,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      createdBy: actorOf(ctx.viewer).id,
      expiresAt: input.expiresAt ?? null,
      rateLimitPoints: input.rateLimitPoints ?? null,
    });
    recordAudit(em, ctx, {
      action: 'api_client.created',
      entityType: 'ApiClient',
      entityId: client.id,
      changes: diffFields({}, snapshot(client)),
    });
    await em.flush();
    return { key: client.id, token };
  });
}

/** The client row, locked for this transaction so that rotations and revocations serialise. */
async function lockClient(em: EntityManager, key: string): Promise<ApiClient> {
  const client = await em.findOne(ApiClient, { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!client) notFound('ApiClient');
  return client;
}

/**
 * A new token for the same client (same public id). The replaced token keeps working for
 * `graceSeconds`, so that the partner can deploy the new one; a second rotation ends the first
 * one's grace at once (only one previous token is ever kept).
 */
export async function rotateApiClientToken(ctx: ServiceDeps, key: string, graceSeconds: number): Promise<IssuedToken> {
  return ctx.em.transactional(async (em) => {
    const client = await lockClient(em, key);
    if (client.revokedAt) {
      apiClientErrors.fail(ApiClientErrorCode.CLIENT_REVOKED, 'A revoked client cannot get a new token; create a new client', ['input', 'id']);
    }
    if (client.expiresAt && client.expiresAt.getTime() <= ctx.now.getTime()) {
      apiClientErrors.fail(ApiClientErrorCode.CLIENT_EXPIRED, 'An expired client cannot get a new token; create a new client', ['input', 'id']);
    }
    const { token, hash } = newToken(client.publicId);
    const graceUntil = new Date(ctx.now.getTime() + graceSeconds * 1000);
    client.previousSecretHash = client.secretHash;
    client.previousSecretExpiresAt = graceUntil;
    client.secretHash = hash;
    client.rotatedAt = ctx.now;
    client.updatedAt = ctx.now;
    recordAudit(em, ctx, {
      action: 'api_client.token_rotated',
      entityType: 'ApiClient',
      entityId: client.id,
      // The token is named, never recorded.
      changes: [{ field: 'token' }, { field: 'previousTokenExpiresAt', old: null, new: graceUntil.toISOString() }],
    });
    await em.flush();
    return { key: client.id, token };
  });
}

/** Revocation takes effect on the next request: every request looks the client up. */
export async function revokeApiClient(ctx: ServiceDeps, key: string): Promise<string> {
  return ctx.em.transactional(async (em) => {
    const client = await lockClient(em, key);
    if (client.revokedAt) apiClientErrors.fail(ApiClientErrorCode.ALREADY_REVOKED, 'This client is revoked already', ['input', 'id']);
    const before = snapshot(client);
    client.revokedAt = ctx.now;
    client.revokedBy = actorOf(ctx.viewer).id;
    client.updatedAt = ctx.now;
    recordAudit(em, ctx, {
      action: 'api_client.revoked',
      entityType: 'ApiClient',
      entityId: client.id,
      changes: diffFields(before, snapshot(client)),
    });
    await em.flush();
    return client.id;
  });
}

/** Renames a client or changes its own budget; revoked clients stay as they were. */
/** What the rules refuse in a change (its format is checked before the service runs). */
export function updateProblems(input: ApiClientChanges): Problem[] {
  return input.rateLimitPoints != null && input.useDefaultRateLimit
    ? [problem(['input', 'useDefaultRateLimit'], ApiClientErrorCode.INVALID, 'Give a budget or ask for the default, not both')]
    : [];
}

export async function updateApiClient(ctx: ServiceDeps, key: string, input: ApiClientChanges): Promise<string> {
  const problems = updateProblems(input);
  if (problems.length) invalid(problems);
  return ctx.em.transactional(async (em) => {
    const client = await lockClient(em, key);
    if (client.revokedAt) apiClientErrors.fail(ApiClientErrorCode.CLIENT_REVOKED, 'This client is revoked; it cannot be changed', ['input', 'id']);
    const before = snapshot(client);
    if (input.name != null) client.name = input.name.trim();
    if (input.rateLimitPoints != null) client.rateLimitPoints = input.rateLimitPoints;
    if (input.useDefaultRateLimit) client.rateLimitPoints = null;
    const changes = diffFields(before, snapshot(client));
    if (changes.length === 0) apiClientErrors.fail(ApiClientErrorCode.INVALID, 'The input changes nothing');
    client.updatedAt = ctx.now;
    recordAudit(em, ctx, { action: 'api_client.updated', entityType: 'ApiClient', entityId: client.id, changes });
    await em.flush();
    return client.id;
  });
}

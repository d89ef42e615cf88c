// Partner tokens for tests: straight into the database (no audit event, any state), or through
// the API as a bank admin would.
import { randomUUID } from 'node:crypto';
import type { Scope } from '../../src/auth/roles';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay';
import { newPublicId, newToken } from '../../src/modules/access/token';
import type { TestApp } from './app';
import { staffToken } from './tokens';

export interface PartnerToken {
  token: string;
  /** ApiClient uuid. */
  clientId: string;
  /** ApiClient global id. */
  id: string;
  publicId: string;
}

export interface PartnerTokenOptions {
  name?: string;
  expiresAt?: Date | null;
  /** Insert the client as revoked already (database only). */
  revoked?: boolean;
  /** 'db' (default) writes the row with the owner connection; 'api' calls createApiClient as an ADMIN. */
  via?: 'db' | 'api';
  /** The ADMIN subject that creates the client. */
  createdBy?: string;
}

export async function createPartnerToken(t: TestApp, scopes: (Scope | string)[], opts: PartnerTokenOptions = {}): Promise<PartnerToken> {
  const name = opts.name ?? `partner ${scopes.join(' ')}`.slice(0, 100);
  const createdBy = opts.createdBy ?? 'admin-01';
  if (opts.via === 'api') {
    if (opts.revoked) throw new Error('createPartnerToken: revoked needs via "db"');
    const res = await t.gql(
      'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { token apiClient { id publicId } userErrors { field code message } } }',
      {
        token: staffToken(t.config, 'ADMIN', createdBy, t.clock.now()),
        variables: { input: { name, scopes, expiresAt: opts.expiresAt?.toISOString() ?? null } },
      },
    );
    const payload = res.body.data?.createApiClient;
    if (!payload?.token) throw new Error(`createApiClient failed: ${JSON.stringify(res.body)}`);
    const { id, publicId } = payload.apiClient;
    return { token: payload.token, id, publicId, clientId: parseGlobalId(id)!.key };
  }
  const clientId = randomUUID();
  const publicId = newPublicId();
  const { token, hash } = newToken(publicId);
  const now = t.clock.now();
  await t.sql.query(
    `insert into api_client (id, created_at, updated_at, public_id, name, scopes, secret_hash, created_by, expires_at, revoked_at, revoked_by)
     values ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [clientId, now, publicId, name, scopes, hash, createdBy, opts.expiresAt ?? null, opts.revoked ? now : null, opts.revoked ? createdBy : null],
  );
  return { token, clientId, id: toGlobalId('ApiClient', clientId), publicId };
}

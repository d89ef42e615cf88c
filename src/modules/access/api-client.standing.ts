// A client's standing outside a request (webhook deliveries act for their owning client): the client
// as a PartnerViewer with its current scopes, or null once it is revoked or has expired.
import type { Knex } from '@mikro-orm/postgresql';
import type { Scope } from '../../auth/roles';
import type { PartnerViewer } from '../../auth/viewer';

export async function activePartnerViewer(knex: Knex, clientId: string, now: Date): Promise<PartnerViewer | null> {
  const row = await knex('api_client')
    .select('id', 'public_id', 'name', 'scopes', 'rate_limit_points', 'revoked_at', 'expires_at')
    .where('id', clientId)
    .first();
  if (!row || row.revoked_at != null || (row.expires_at != null && new Date(row.expires_at).getTime() <= now.getTime())) return null;
  return { kind: 'partner', clientId: row.id, publicId: row.public_id, name: row.name, scopes: row.scopes as Scope[], rateLimitPoints: row.rate_limit_points };
}

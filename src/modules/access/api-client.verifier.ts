// Partner tokens in, a PartnerViewer out. One indexed statement per request (the client row by its
// public id), so that a revocation or a rotation's end takes effect on the next request on every
// replica. There is deliberately no token cache.
import { TokenRejected } from '../../auth/jwt';
import type { Scope } from '../../auth/roles';
import type { PartnerViewer } from '../../auth/viewer';
import type { CredentialVerifier } from '../../module';
import { hashToken, parseToken, sameHash, TOKEN_PREFIX } from './token';

/** The last-used time is written at most this often per client. */
export const LAST_USED_RESOLUTION_MS = 60_000;

interface ClientRow {
  id: string;
  public_id: string;
  name: string;
  scopes: string[];
  rate_limit_points: number | null;
  secret_hash: Buffer;
  previous_secret_hash: Buffer | null;
  previous_secret_expires_at: Date | string | null;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

const time = (v: Date | string | null): number | null => (v == null ? null : new Date(v).getTime());

export const partnerTokenVerifier: CredentialVerifier = {
  prefix: TOKEN_PREFIX,
  async verify(token, { em, now }): Promise<PartnerViewer> {
    const { publicId } = parseToken(token); // shape and checksum: no database work for typos
    const knex = em.getKnex();
    const row: ClientRow | undefined = await knex('api_client')
      .select('id', 'public_id', 'name', 'scopes', 'secret_hash', 'previous_secret_hash', 'previous_secret_expires_at',
        'expires_at', 'revoked_at', 'last_used_at', 'rate_limit_points')
      .where('public_id', publicId)
      .first();
    if (!row) throw new TokenRejected(`unknown partner client ${publicId}`);

    // Both comparisons always run, in constant time, so the timing does not tell which one matched.
    const presented = hashToken(token);
    const current = sameHash(presented, row.secret_hash);
    const previous = sameHash(presented, row.previous_secret_hash);
    const at = now.getTime();
    if (!current && !(previous && at < time(row.previous_secret_expires_at)!)) {
      throw new TokenRejected(previous ? `rotated-out token of partner client ${publicId}` : `wrong secret for partner client ${publicId}`);
    }
    if (row.revoked_at != null) throw new TokenRejected(`partner client ${publicId} is revoked`);
    const expiresAt = time(row.expires_at);
    if (expiresAt !== null && at >= expiresAt) throw new TokenRejected(`partner client ${publicId} expired`);

    const lastUsed = time(row.last_used_at);
    if (lastUsed === null || at - lastUsed >= LAST_USED_RESOLUTION_MS) {
      // Conditional, so that replicas racing on the same minute write once.
      await knex('api_client')
        .update({ last_used_at: now })
        .where('id', row.id)
        .andWhere((w) => w.whereNull('last_used_at').orWhere('last_used_at', '<=', new Date(at - LAST_USED_RESOLUTION_MS)));
    }
    return {
      kind: 'partner',
      clientId: row.id,
      publicId: row.public_id,
      name: row.name,
      // Checked against the deployment's scopes when granted; a module's own scope need not be a platform one.
      scopes: row.scopes as Scope[],
      rateLimitPoints: row.rate_limit_points,
    };
  },
};

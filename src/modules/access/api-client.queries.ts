// Read SQL for API clients, returning plain objects shaped like ApiClientView. Hashes are never
// selected here.
import type { Knex } from '@mikro-orm/postgresql';
import { reader, type Context } from '../../graphql/context';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { ApiClientStatus, type ApiClientView } from './api-client.type';

const COLUMNS = [
  'id', 'public_id', 'name', 'scopes', 'rate_limit_points', 'created_by', 'created_at', 'expires_at', 'last_used_at', 'rotated_at',
  'previous_secret_expires_at', 'revoked_at', 'revoked_by',
];

const toDate = (v: string | Date | null): Date | null => (v == null ? null : new Date(v));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toApiClient(r: any, now: Date): ApiClientView {
  const expiresAt = toDate(r.expires_at);
  const previousUntil = toDate(r.previous_secret_expires_at);
  return {
    __typename: 'ApiClient',
    id: toGlobalId('ApiClient', r.id),
    key: r.id,
    publicId: r.public_id,
    name: r.name,
    scopes: r.scopes,
    rateLimitPoints: r.rate_limit_points,
    status: r.revoked_at != null ? ApiClientStatus.REVOKED : expiresAt && expiresAt <= now ? ApiClientStatus.EXPIRED : ApiClientStatus.ACTIVE,
    createdBy: r.created_by,
    createdAt: toDate(r.created_at)!,
    expiresAt,
    lastUsedAt: toDate(r.last_used_at),
    rotatedAt: toDate(r.rotated_at),
    // Once the grace period is over there is no previous token to speak of.
    previousTokenExpiresAt: previousUntil && previousUntil > now && r.revoked_at == null ? previousUntil : null,
    revokedAt: toDate(r.revoked_at),
    revokedBy: r.revoked_by,
  } as ApiClientView;
}

export async function apiClientsByKeys(ctx: Context, keys: readonly string[]): Promise<ApiClientView[]> {
  if (keys.length === 0) return [];
  const rows = await reader(ctx)('api_client').select(COLUMNS).whereIn('id', [...keys]);
  return rows.map((r: unknown) => toApiClient(r, ctx.now));
}

/** The same status rules as toApiClient, in SQL; the time is the request's, passed as a parameter. */
function whereStatusIn(qb: Knex.QueryBuilder, statuses: ApiClientStatus[], now: Date): void {
  qb.where((w) => {
    for (const s of new Set(statuses)) {
      if (s === ApiClientStatus.REVOKED) w.orWhereNotNull('revoked_at');
      if (s === ApiClientStatus.EXPIRED) w.orWhere((e) => e.whereNull('revoked_at').andWhere('expires_at', '<=', now));
      if (s === ApiClientStatus.ACTIVE) {
        w.orWhere((a) => a.whereNull('revoked_at').andWhere((x) => x.whereNull('expires_at').orWhere('expires_at', '>', now)));
      }
    }
  });
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listApiClients(ctx: Context, filter: { statusIn?: ApiClientStatus[] }, page: PageRequest) {
  const base = reader(ctx)('api_client');
  if (filter.statusIn?.length) whereStatusIn(base, filter.statusIn, ctx.now);
  // Walking forward is newest first (descending); walking backward from a cursor is ascending.
  const descending = !page.backward;
  const q = base.clone().select(COLUMNS);
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) q.whereRaw(`(created_at, id) ${descending ? '<' : '>'} (?, ?)`, cursor as never[]);
  q.orderBy([
    { column: 'created_at', order: descending ? 'desc' : 'asc' },
    { column: 'id', order: descending ? 'desc' : 'asc' },
  ]).limit(page.size + 1);
  const rows = await q;
  return toConnection(
    rows,
    page,
    (r: { created_at: string | Date; id: string }) => [new Date(r.created_at).toISOString(), r.id],
    (r) => toApiClient(r, ctx.now),
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

// Turns the Authorization header into a Viewer. A staff JWT and a partner token are different
// credentials: each is recognised by its own shape and never accepted as the other.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { ErrorCode, requestError } from '../graphql/errors';
import type { CredentialVerifier } from '../module';
import { TokenRejected, verifyStaffToken } from './jwt';
import type { Viewer } from './viewer';

export interface AuthDeps {
  config: Config;
  em: EntityManager;
  now: Date;
  requestId: string;
  credentials: CredentialVerifier[];
  securityLog: (fields: Record<string, unknown>, message: string) => void;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function refuse(deps: AuthDeps, kind: string, reason: string): never {
  deps.securityLog({ requestId: deps.requestId, credential: kind, reason }, 'authentication refused');
  throw requestError(ErrorCode.UNAUTHENTICATED, 'Invalid or expired credentials');
}

export async function authenticate(header: string | undefined, deps: AuthDeps): Promise<Viewer | null> {
  if (header === undefined || header === '') return null;
  const match = /^Bearer ([^\s]+)$/.exec(header);
  if (!match) refuse(deps, 'unknown', 'Authorization header is not "Bearer <token>"');
  const token = match[1];

  const verifier = deps.credentials.find((c) => token.startsWith(c.prefix));
  if (verifier) {
    try {
      return await verifier.verify(token, { em: deps.em, now: deps.now, requestId: deps.requestId });
    } catch (err) {
      if (err instanceof TokenRejected) refuse(deps, 'partner', err.reason);
      throw err;
    }
  }
  if (!JWT_SHAPE.test(token)) refuse(deps, 'unknown', 'not a recognised credential');

  let claims;
  try {
    claims = verifyStaffToken(token, deps.config.jwt, deps.now);
  } catch (err) {
    if (err instanceof TokenRejected) refuse(deps, 'staff', err.reason);
    throw err;
  }
  let staffUserId: string | null = null;
  if (claims.roles.includes('RELATIONSHIP_MANAGER')) {
    // A book needs an owner: a relationship manager unknown to Keel is refused.
    const row = await deps.em.getKnex()('staff_user').select('id').where('subject', claims.sub).first();
    if (!row) refuse(deps, 'staff', 'relationship manager has no staff user');
    staffUserId = row.id;
  }
  return {
    kind: 'staff',
    subject: claims.sub,
    staffUserId,
    roles: [...claims.roles],
    name: claims.name,
    email: claims.email,
  };
}

// Staff JWTs: algorithm pinned, exp required, iss and aud checked, small clock tolerance.
import { createHash, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../config';
import { isRole, type Role } from './roles';

export interface StaffClaims {
  sub: string;
  roles: Role[];
  name: string | null;
  email: string | null;
}

export class TokenRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

// A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key (and
// throws) on every verification.
const keys = new WeakMap<Config['jwt'], KeyObject>();
function keyFor(config: Config['jwt']): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = config.algorithm === 'HS256' ? createSecretKey(Buffer.from(config.secret!, 'utf8')) : createPublicKey(config.publicKey!);
    keys.set(config, key);
  }
  return key;
}

/**
 * Tokens already verified, by the SHA-256 of the token (the token itself is not kept), for the token's
 * lifetime: a dashboard sends the same token with every request, and checking its signature and claims
 * again each time is most of what authentication costs. Expiry (and not-before) are checked against
 * the request's time on every use, with the same tolerance as a full verification; a token that failed
 * is never cached. Per configuration (a new key or issuer starts afresh), bounded in size.
 */
interface Verified {
  claims: StaffClaims;
  exp: number;
  nbf: number | null;
}
export const VERIFIED_TOKENS_MAX = 10_000;
const verifiedTokens = new WeakMap<Config['jwt'], Map<string, Verified>>();

export function verifyStaffToken(token: string, config: Config['jwt'], now: Date): StaffClaims {
  let cache = verifiedTokens.get(config);
  if (!cache) verifiedTokens.set(config, (cache = new Map()));
  const hash = createHash('sha256').update(token).digest('base64');
  const seconds = Math.floor(now.getTime() / 1000);
  const hit = cache.get(hash);
  if (hit) {
    // As jsonwebtoken decides: expired from exp + tolerance on, not yet valid before nbf - tolerance.
    if (seconds >= hit.exp + config.clockToleranceSeconds) {
      cache.delete(hash);
      throw new TokenRejected('expired');
    }
    if (hit.nbf === null || hit.nbf <= seconds + config.clockToleranceSeconds) return hit.claims;
  }
  const verified = verifyStaffTokenFully(token, config, now);
  if (cache.size >= VERIFIED_TOKENS_MAX) cache.delete(cache.keys().next().value!);
  cache.set(hash, verified);
  return verified.claims;
}

function verifyStaffTokenFully(token: string, config: Config['jwt'], now: Date): Verified {
  const key = keyFor(config);
  let payload: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, key, {
      algorithms: [config.algorithm],
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceSeconds,
      clockTimestamp: Math.floor(now.getTime() / 1000),
      complete: false,
    });
    if (typeof decoded === 'string') throw new TokenRejected('payload is not an object');
    payload = decoded;
  } catch (err) {
    if (err instanceof TokenRejected) throw err;
    throw new TokenRejected((err as Error).name === 'TokenExpiredError' ? 'expired' : (err as Error).message);
  }
  if (typeof payload.exp !== 'number') throw new TokenRejected('exp is required');
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
    throw new TokenRejected('sub is required');
  }
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  if (roles.length === 0) throw new TokenRejected('no known role in roles');
  const claims: StaffClaims = Object.freeze({
    sub: payload.sub,
    roles: Object.freeze(roles) as Role[],
    name: typeof payload.name === 'string' ? payload.name : null,
    email: typeof payload.email === 'string' ? payload.email : null,
  });
  return { claims, exp: payload.exp, nbf: typeof payload.nbf === 'number' ? payload.nbf : null };
}

export interface SignOptions {
  sub: string;
  roles: Role[];
  name?: string;
  email?: string;
  expiresInSeconds?: number;
  now?: Date;
}

/** Development and test tokens, signed with the configured HS256 secret. */
export function signStaffToken(config: Config['jwt'], options: SignOptions): string {
  if (config.algorithm !== 'HS256' || !config.secret) {
    throw new Error('Tokens can be minted here only with JWT_ALGORITHM=HS256 and a JWT_SECRET');
  }
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return jwt.sign(
    {
      sub: options.sub,
      roles: options.roles,
      name: options.name ?? options.sub,
      email: options.email ?? `${options.sub}@bank.example`,
      iat,
      exp: iat + (options.expiresInSeconds ?? 3600),
    },
    config.secret,
    { algorithm: 'HS256', issuer: config.issuer, audience: config.audience },
  );
}

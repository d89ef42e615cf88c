// Staff JWTs: algorithm pinned, exp required, iss and aud checked, small clock tolerance.
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
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

export function verifyStaffToken(token: string, config: Config['jwt'], now: Date): StaffClaims {
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
  return {
    sub: payload.sub,
    roles,
    name: typeof payload.name === 'string' ? payload.name : null,
    email: typeof payload.email === 'string' ? payload.email : null,
  };
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

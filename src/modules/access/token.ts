// Partner API tokens: `keel_<public id>_<secret>`.
//
//   public id  16 base62 chars, random; names the client (safe to show and to log)
//   secret     43 random base62 chars (43 × log2 62 ≈ 256.03 bits) followed by 6 base62 chars that
//              encode the CRC32 of everything before them (`keel_<public id>_<random>`)
//
// The checksum lets Keel refuse a mistyped or truncated token without a database look-up, and lets
// secret scanners tell a real leak from a look-alike. It is not a MAC: anyone can compute it, so it
// filters typos, never attackers. Keel stores only the SHA-256 of the whole token; with 256 random
// bits a fast hash is enough (there is nothing to brute-force), and it keeps the look-up cheap.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TokenRejected } from '../../auth/jwt';

export const TOKEN_PREFIX = 'keel_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const PUBLIC_ID_LENGTH = 16;
const RANDOM_LENGTH = 43;
const CHECKSUM_LENGTH = 6;

/** What secret scanners can match (also the exact shape Keel accepts). */
export const TOKEN_PATTERN = new RegExp(
  `^${TOKEN_PREFIX}([0-9A-Za-z]{${PUBLIC_ID_LENGTH}})_([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);
const TOKEN_LENGTH = TOKEN_PREFIX.length + PUBLIC_ID_LENGTH + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;

/** Uniform base62 characters: bytes ≥ 248 are dropped so that `% 62` has no bias. */
function randomBase62(length: number): string {
  let out = '';
  for (let round = 0; out.length < length && round < 100; round++) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  if (out.length !== length) throw new Error('the random source returned too few usable bytes');
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib and secret scanners compute it). */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC32 as 6 base62 characters (62^6 > 2^32), most significant first, zero-padded. */
export function checksumOf(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function newPublicId(): string {
  return randomBase62(PUBLIC_ID_LENGTH);
}

/** A fresh token for a client, and the only thing Keel keeps of it. */
export function newToken(publicId: string): { token: string; hash: Buffer } {
  const body = `${TOKEN_PREFIX}${publicId}_${randomBase62(RANDOM_LENGTH)}`;
  const token = body + checksumOf(body);
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of two stored-form hashes; a missing hash never matches. */
export function sameHash(a: Buffer, b: Buffer | null | undefined): boolean {
  return !!b && a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the shape and the checksum, without touching the database.
 * Throws TokenRejected (never echoing the token) when either is wrong.
 */
export function parseToken(token: string): { publicId: string } {
  if (token.length !== TOKEN_LENGTH) throw new TokenRejected('malformed partner token');
  const m = TOKEN_PATTERN.exec(token);
  if (!m) throw new TokenRejected('malformed partner token');
  const body = token.slice(0, token.length - CHECKSUM_LENGTH);
  if (checksumOf(body) !== m[3]) throw new TokenRejected('partner token checksum does not match');
  return { publicId: m[1] };
}

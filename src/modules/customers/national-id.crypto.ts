// National ids are encrypted at rest with AES-256-GCM: `<key id>.<iv>.<tag>.<ciphertext>` (base64url).
// The key id lets old values stay readable after the active key is rotated.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from '../../config';

export class DecryptionError extends Error {}

// The customer's id is bound as additional data, so that a ciphertext copied to another row fails.
export function encryptNationalId(pii: Config['pii'], plaintext: string, customerId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', pii.keys[pii.activeKeyId], iv);
  cipher.setAAD(Buffer.from(customerId, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [pii.activeKeyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
}

export function decryptNationalId(pii: Config['pii'], stored: string, customerId: string): string {
  const [keyId, iv, tag, data] = stored.split('.');
  const key = pii.keys[keyId];
  if (!key || !iv || !tag || data === undefined) throw new DecryptionError('unknown key id or malformed ciphertext');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(customerId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('ciphertext failed authentication');
  }
}

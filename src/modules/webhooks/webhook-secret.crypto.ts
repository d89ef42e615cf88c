// Signing secrets: shown once, stored encrypted at rest with AES-256-GCM as national ids are
// (`<key id>.<iv>.<tag>.<ciphertext>`, base64url), bound to their subscription, and used to sign.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { WebhookSettings } from './webhooks.config';

export class SecretDecryptionError extends Error {}

/** A new signing secret: 256 random bits. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

// The subscription's id is bound as additional data, so that a ciphertext copied to another row fails.
export function encryptSecret(settings: WebhookSettings, plaintext: string, subscriptionId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', settings.secretKeys[settings.activeSecretKeyId], iv);
  cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [settings.activeSecretKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function decryptSecret(settings: WebhookSettings, stored: string, subscriptionId: string): string {
  const [keyId, iv, tag, data] = stored.split('.');
  const key = settings.secretKeys[keyId];
  if (!key || !iv || !tag || data === undefined) throw new SecretDecryptionError('unknown key id or malformed ciphertext');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('ciphertext failed authentication');
  }
}

/** HMAC-SHA256 over `${timestamp}.${body}`, hex. */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hmac>[,v1=<hmac with the previous secret>]`. */
export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${sign(s, timestamp, body)}`)].join(',');
}

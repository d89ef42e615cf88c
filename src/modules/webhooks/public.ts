// What other modules (and tests) may use of the webhooks module: how a receiver checks a signature.
export { sign, signatureHeader } from './webhook-secret.crypto';
export { isSpecialAddress } from './webhook.targets';

// DKIM keys for our domains (RFC 6376): generation and the public-key record value.
// Keys are RSA 2048 (RFC 8301 §3.2 requires >= 1024, recommends 2048). Storage goes
// through the store; this file only makes and describes keys.
import { createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export interface DkimKey {
  domain: string;
  selector: string;
  /** PKCS#8 PEM. Secret: never log it. */
  privateKeyPem: string;
  /** Base64 SubjectPublicKeyInfo DER, the p= tag value. */
  publicKey: string;
  createdAt: Date;
}

/** A selector that names the key's month, so a rotated key gets a new name: "pr202611". */
export function defaultSelector(now: Date): string {
  return `pr${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Makes a new key pair off the event loop's thread (libuv pool). */
export async function generateDkimKey(domain: string, now = new Date(), selector?: string): Promise<DkimKey> {
  const { privateKey } = await generate('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    domain: domain.toLowerCase(),
    selector: selector ?? defaultSelector(now),
    privateKeyPem: privateKey,
    publicKey: publicKeyFromPrivate(privateKey),
    createdAt: now,
  };
}

/** The p= value for a private key in PEM. */
export function publicKeyFromPrivate(privateKeyPem: string): string {
  const der = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
  return der.toString('base64');
}

/** The TXT record value published at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1). */
export function dkimRecordValue(publicKey: string): string {
  return `v=DKIM1; k=rsa; p=${publicKey}`;
}

// DKIM signing of submitted mail with mailauth (RFC 6376, relaxed/relaxed, rsa-sha256).
import type { Readable } from 'node:stream';
import { dkimSign } from 'mailauth';

export interface SigningKey {
  domain: string;
  selector: string;
  privateKeyPem: string;
}

/**
 * The DKIM-Signature header field(s) to prepend to `message`, ending in CRLF; '' when
 * signing failed (a message is still better sent unsigned than not at all).
 */
export async function dkimSignatureFor(
  message: Readable | Buffer,
  key: SigningKey,
  now = new Date(),
): Promise<string> {
  const res = await dkimSign(message, {
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signTime: now,
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKeyPem,
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKeyPem }],
  });
  if (res.errors.length > 0 || res.signatures.trim() === '') return '';
  return res.signatures;
}

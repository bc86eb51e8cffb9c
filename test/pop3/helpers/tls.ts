// A self-signed certificate made at test time (never committed), as a SecureContext.
import { createSecureContext, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

let cached: Promise<SecureContext> | null = null;

export function testSecureContext(): Promise<SecureContext> {
  cached ??= generate([{ name: 'commonName', value: 'mail.example.test' }], {
    keySize: 2048,
    algorithm: 'sha256',
  }).then((p) => createSecureContext({ key: p.private, cert: p.cert }));
  return cached;
}

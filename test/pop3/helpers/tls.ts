// A self-signed certificate made at test time (never committed) in a temp directory,
// served through the real TlsContextProvider.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSigned } from '../../../src/tls/certificate.js';
import { TlsContextProvider } from '../../../src/tls/context.js';

let cached: Promise<TlsContextProvider> | null = null;

export function testTlsProvider(): Promise<TlsContextProvider> {
  cached ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pop3-tls-'));
    const { cert, key } = await createSelfSigned('mail.example.test');
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    await writeFile(certFile, cert);
    await writeFile(keyFile, key, { mode: 0o600 });
    return TlsContextProvider.create({ certFile, keyFile });
  })();
  return cached;
}

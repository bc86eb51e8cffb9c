// A TLS context provider on a fresh self-signed certificate in a temp dir, for tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSigned } from '../../src/tls/certificate.js';
import { TlsContextProvider } from '../../src/tls/context.js';

export async function tempProvider(): Promise<{
  provider: TlsContextProvider;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-tls-'));
  const pair = await createSelfSigned('mail.example.test');
  await writeFile(join(dir, 'c.pem'), pair.cert);
  await writeFile(join(dir, 'k.pem'), pair.key);
  const provider = await TlsContextProvider.create({
    certFile: join(dir, 'c.pem'),
    keyFile: join(dir, 'k.pem'),
  });
  return { provider, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

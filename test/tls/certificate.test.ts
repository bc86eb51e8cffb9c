import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CertificateError,
  createSelfSigned,
  loadOrCreateCertificate,
  readCertificatePair,
} from '../../src/tls/certificate.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'postroom-tls-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('makes a self-signed certificate once, under dataDir/tls, with a private key file', async () => {
  const dataDir = await tempDir();
  const first = await loadOrCreateCertificate({ dataDir, hostname: 'mail.example.test' });
  assert.equal(first.created, true);
  assert.equal(first.selfSigned, true);
  assert.equal(first.certFile, join(dataDir, 'tls', 'cert.pem'));
  assert.equal((await stat(first.keyFile)).mode & 0o777, 0o600);
  assert.equal((await stat(join(dataDir, 'tls'))).mode & 0o077, 0);

  const x = new X509Certificate(await readFile(first.certFile));
  assert.equal(x.checkHost('mail.example.test'), 'mail.example.test');
  assert.equal(x.checkHost('localhost'), 'localhost');
  assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(x.fingerprint256, first.fingerprint256);
  const days = (new Date(x.validTo).getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 700 && days < 740, `valid for ${days} days`);

  const again = await loadOrCreateCertificate({ dataDir, hostname: 'MAIL.example.test' });
  assert.equal(again.created, false);
  assert.equal(again.fingerprint256, first.fingerprint256);
});

test('started at once on a new data dir, servers make one certificate and its own key', async () => {
  const dataDir = await tempDir();
  const all = await Promise.all(
    [1, 2, 3].map(() => loadOrCreateCertificate({ dataDir, hostname: 'mail.example.test' })),
  );
  assert.equal(all.filter((c) => c.created).length, 1, 'made once');
  assert.equal(new Set(all.map((c) => c.fingerprint256)).size, 1);
  // The key on disk belongs to the certificate on disk (it did not when two wrote).
  const pair = await readCertificatePair(all[0]!.certFile, all[0]!.keyFile);
  assert.equal(pair.x509.fingerprint256, all[0]!.fingerprint256);
  await assert.rejects(stat(join(dataDir, 'tls', '.create.lock')), 'the lock is gone');
});

test('remakes it for a new hostname, a broken file, or near expiry', async () => {
  const dataDir = await tempDir();
  const a = await loadOrCreateCertificate({ dataDir, hostname: 'a.example.test' });
  const b = await loadOrCreateCertificate({ dataDir, hostname: 'b.example.test' });
  assert.equal(b.created, true);
  assert.notEqual(b.fingerprint256, a.fingerprint256);

  await writeFile(b.certFile, 'garbage');
  const c = await loadOrCreateCertificate({ dataDir, hostname: 'b.example.test' });
  assert.equal(c.created, true);

  const later = new Date(Date.now() + 710 * 86_400_000);
  const d = await loadOrCreateCertificate({ dataDir, hostname: 'b.example.test', now: later });
  assert.equal(d.created, true);
  assert.ok(d.validTo.getTime() > later.getTime() + 700 * 86_400_000);
});

test('given files are used as they are, with clear errors when unusable', async () => {
  const dir = await tempDir();
  const one = await createSelfSigned('one.example.test');
  const two = await createSelfSigned('two.example.test');
  const certFile = join(dir, 'c.pem');
  const keyFile = join(dir, 'k.pem');
  await writeFile(certFile, one.cert);
  await writeFile(keyFile, one.key);
  const r = await loadOrCreateCertificate({ dataDir: dir, hostname: 'ignored', certFile, keyFile });
  assert.deepEqual([r.selfSigned, r.created, r.certFile], [false, false, certFile]);

  await assert.rejects(
    loadOrCreateCertificate({ dataDir: dir, hostname: 'x', certFile }),
    /must be given together/,
  );
  await assert.rejects(
    loadOrCreateCertificate({ dataDir: dir, hostname: 'x', certFile, keyFile: join(dir, 'missing.pem') }),
    (e: Error) => e instanceof CertificateError && /cannot read TLS key/.test(e.message),
  );
  await writeFile(keyFile, two.key);
  await assert.rejects(
    loadOrCreateCertificate({ dataDir: dir, hostname: 'x', certFile, keyFile }),
    /does not belong/,
  );
  await writeFile(keyFile, 'not a key');
  await assert.rejects(
    loadOrCreateCertificate({ dataDir: dir, hostname: 'x', certFile, keyFile }),
    /not a PEM private key/,
  );
  await writeFile(certFile, 'not a cert');
  await assert.rejects(
    loadOrCreateCertificate({ dataDir: dir, hostname: 'x', certFile, keyFile }),
    /not a PEM certificate/,
  );
});

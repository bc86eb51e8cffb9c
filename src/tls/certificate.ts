// Where the server's certificate comes from.
// - Given files (`--tls-cert/--tls-key`): used as they are, after checking they can be read
//   and belong together. They are never rewritten.
// - No files: a self-signed certificate for the hostname is made once and kept under
//   <dataDir>/tls/ (key mode 0600, directory 0700). It is made again only when it is
//   missing, broken, for another hostname, or within 30 days of expiry.
//
// RSA 2048 is used: selfsigned@5 with the @peculiar versions in the lock file fails on EC keys.

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface CertificateOptions {
  dataDir: string;
  hostname: string;
  certFile?: string;
  keyFile?: string;
  /** Injected for tests; defaults to now. */
  now?: Date;
}

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
  selfSigned: boolean;
  /** True when this call made a new self-signed certificate. */
  created: boolean;
  /** SHA-256 fingerprint of the leaf certificate, colon-separated hex. */
  fingerprint256: string;
  validTo: Date;
}

const VALID_DAYS = 2 * 365;
const RENEW_BEFORE_MS = 30 * 24 * 3600_000;

export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

/** Reads a certificate/key pair and checks they match. Throws CertificateError with a clear message. */
export async function readCertificatePair(
  certFile: string,
  keyFile: string,
): Promise<{ cert: Buffer; key: Buffer; x509: X509Certificate }> {
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (e) {
      throw new CertificateError(`cannot read TLS ${what} ${file}: ${(e as Error).message}`);
    }
  };
  const [cert, key] = await Promise.all([read(certFile, 'certificate'), read(keyFile, 'key')]);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new CertificateError(`${certFile} is not a PEM certificate: ${(e as Error).message}`);
  }
  let ok: boolean;
  try {
    ok = x509.checkPrivateKey(createPrivateKey(key));
  } catch (e) {
    throw new CertificateError(`${keyFile} is not a PEM private key: ${(e as Error).message}`);
  }
  if (!ok) throw new CertificateError(`TLS key ${keyFile} does not belong to certificate ${certFile}`);
  return { cert, key, x509 };
}

function covers(x509: X509Certificate, hostname: string): boolean {
  return isIP(hostname) ? x509.checkIP(hostname) !== undefined : x509.checkHost(hostname) !== undefined;
}

async function writePrivate(file: string, data: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

/** Makes a self-signed certificate for `hostname`, localhost, 127.0.0.1 and ::1. */
export async function createSelfSigned(
  hostname: string,
  now: Date = new Date(),
): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(now.getTime() - 3600_000); // tolerate clients with a slow clock
  const notAfterDate = new Date(now.getTime() + VALID_DAYS * 24 * 3600_000);
  const names = new Set([hostname.toLowerCase(), 'localhost']);
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [];
  for (const n of names) altNames.push(isIP(n) ? { type: 7, ip: n } : { type: 2, value: n });
  for (const ip of ['127.0.0.1', '::1']) if (!names.has(ip)) altNames.push({ type: 7, ip });
  // Loaded only when a certificate is made: the library takes ~0.3 s to load, on every start.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export async function loadOrCreateCertificate(options: CertificateOptions): Promise<CertificateFiles> {
  const now = options.now ?? new Date();
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile)
      throw new CertificateError('--tls-cert and --tls-key must be given together');
    const { x509 } = await readCertificatePair(options.certFile, options.keyFile);
    return {
      certFile: options.certFile,
      keyFile: options.keyFile,
      selfSigned: false,
      created: false,
      fingerprint256: x509.fingerprint256,
      validTo: new Date(x509.validTo),
    };
  }

  const dir = join(options.dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const usable = async (): Promise<CertificateFiles | null> => {
    try {
      const { x509 } = await readCertificatePair(certFile, keyFile);
      const validTo = new Date(x509.validTo);
      if (covers(x509, options.hostname) && validTo.getTime() - now.getTime() > RENEW_BEFORE_MS)
        return {
          certFile,
          keyFile,
          selfSigned: true,
          created: false,
          fingerprint256: x509.fingerprint256,
          validTo,
        };
    } catch (e) {
      if (!(e instanceof CertificateError)) throw e;
      // Missing or broken: make a new one.
    }
    return null;
  };
  const found = await usable();
  if (found) return found;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Two servers started at once on a new data dir would each write a pair, and their
  // renames could interleave into one's key with the other's certificate: one makes it.
  const lock = join(dir, '.create.lock');
  for (;;) {
    if (await takeLock(lock)) break;
    await waitForLock(lock);
    const made = await usable();
    if (made) return made;
  }
  try {
    const again = await usable();
    if (again) return again;
    const { cert, key } = await createSelfSigned(options.hostname, now);
    // Key first: a watcher that sees the new certificate then finds the matching key.
    await writePrivate(keyFile, key, 0o600);
    await writePrivate(certFile, cert, 0o644);
    const x509 = new X509Certificate(cert);
    return {
      certFile,
      keyFile,
      selfSigned: true,
      created: true,
      fingerprint256: x509.fingerprint256,
      validTo: new Date(x509.validTo),
    };
  } finally {
    await unlink(lock).catch(() => {});
  }
}

/** A lock older than this was left by a process that died while making a certificate. */
const STALE_LOCK_MS = 60_000;

async function takeLock(lock: string): Promise<boolean> {
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Waits until the lock is gone (or stale, then removed). */
async function waitForLock(lock: string): Promise<void> {
  for (;;) {
    const st = await stat(lock).catch(() => null);
    if (!st) return;
    if (Date.now() - st.mtimeMs > STALE_LOCK_MS) {
      await unlink(lock).catch(() => {});
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

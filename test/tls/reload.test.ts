import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import {
  type AddressInfo,
  createServer as createNetServer,
  connect as netConnect,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { createSelfSigned } from '../../src/tls/certificate.js';
import { TlsContextProvider } from '../../src/tls/context.js';
import { createImplicitTlsServer, upgradeToTls } from '../../src/tls/server.js';

let dir = '';
let one: { cert: string; key: string };
let two: { cert: string; key: string };
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postroom-tls-reload-'));
  [one, two] = await Promise.all([
    createSelfSigned('one.example.test'),
    createSelfSigned('two.example.test'),
  ]);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Connects with node:tls and returns the server certificate's SHA-256 fingerprint. */
async function peerFingerprint(port: number): Promise<string> {
  const s = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
  await once(s, 'secureConnect');
  const fp = s.getPeerCertificate().fingerprint256;
  s.destroy();
  return fp;
}

/** Resolves with the next value a callback receives. */
function nextCall<T>(): { fn: (v: T) => void; next: () => Promise<T> } {
  let waiting: ((v: T) => void) | null = null;
  const queue: T[] = [];
  return {
    fn: (v) => {
      const w = waiting;
      waiting = null;
      if (w) w(v);
      else queue.push(v);
    },
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => (waiting = r))),
  };
}

const fingerprintOf = async (pem: string) =>
  new (await import('node:crypto')).X509Certificate(pem).fingerprint256;

test('an implicit TLS server picks up a new certificate without restart; a bad pair keeps the old one', async () => {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await writeFile(keyFile, one.key);
  await writeFile(certFile, one.cert);
  const reloads = nextCall<{ fingerprint256: string }>();
  const errors = nextCall<Error>();
  const provider = await TlsContextProvider.create({
    certFile,
    keyFile,
    pollIntervalMs: 20,
    debounceMs: 30,
    onReload: reloads.fn,
    onError: errors.fn,
  });
  provider.watch();
  const server = createImplicitTlsServer(provider, (s) => s.end('hello\r\n'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    assert.equal(await peerFingerprint(port), await fingerprintOf(one.cert));

    await writeFile(keyFile, two.key);
    await writeFile(certFile, two.cert);
    assert.equal((await reloads.next()).fingerprint256, await fingerprintOf(two.cert));
    assert.equal(await peerFingerprint(port), await fingerprintOf(two.cert));
    assert.equal(provider.fingerprint256, await fingerprintOf(two.cert));

    // A certificate that does not match the key: refused, the old pair stays.
    await writeFile(certFile, one.cert);
    assert.match((await errors.next()).message, /does not belong/);
    assert.equal(await peerFingerprint(port), await fingerprintOf(two.cert));

    // Garbage: refused too.
    await writeFile(certFile, 'garbage');
    assert.match((await errors.next()).message, /not a PEM certificate/);
    assert.equal(await peerFingerprint(port), await fingerprintOf(two.cert));

    // Fixed again: picked up.
    await writeFile(keyFile, one.key);
    await writeFile(certFile, one.cert);
    assert.equal((await reloads.next()).fingerprint256, await fingerprintOf(one.cert));
    assert.equal(await peerFingerprint(port), await fingerprintOf(one.cert));
    // reload() with nothing changed reports false.
    assert.equal(await provider.reload(), false);
  } finally {
    provider.close();
    server.close();
  }
});

/** A tiny line-based plain server offering STARTTLS, like SMTP/IMAP/POP3 do. */
async function startTlsServer(provider: TlsContextProvider, handshakeTimeoutMs = 5000) {
  const upgrades: Promise<TLSSocket>[] = [];
  const plainSockets: Socket[] = [];
  const server = createNetServer((sock: Socket) => {
    plainSockets.push(sock);
    sock.setTimeout(60_000); // as a listener's pre-auth idle timeout would
    sock.write('220 ready\r\n');
    sock.once('data', (d) => {
      if (d.toString() !== 'STARTTLS\r\n') return sock.destroy();
      sock.write('220 go ahead\r\n');
      const p = upgradeToTls(sock, provider, { handshakeTimeoutMs });
      upgrades.push(p);
      p.then(
        (secure) => secure.on('data', (line) => secure.write(`echo ${line}`)),
        () => {},
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, upgrades, plainSockets, port: (server.address() as AddressInfo).port };
}

async function plainUntilGoAhead(port: number): Promise<Socket> {
  const plain = netConnect(port, '127.0.0.1');
  await once(plain, 'data'); // 220 ready
  plain.write('STARTTLS\r\n');
  await once(plain, 'data'); // 220 go ahead
  return plain;
}

test('STARTTLS: a plain connection is upgraded and speaks TLS with the current certificate', async () => {
  const certFile = join(dir, 'st-cert.pem');
  const keyFile = join(dir, 'st-key.pem');
  await writeFile(keyFile, two.key);
  await writeFile(certFile, two.cert);
  const provider = await TlsContextProvider.create({ certFile, keyFile });
  const { server, upgrades, plainSockets, port } = await startTlsServer(provider);
  try {
    const plain = await plainUntilGoAhead(port);
    const secure = tlsConnect({ socket: plain, rejectUnauthorized: false });
    await once(secure, 'secureConnect');
    assert.equal(secure.getPeerCertificate().fingerprint256, await fingerprintOf(two.cert));
    assert.ok(['TLSv1.2', 'TLSv1.3'].includes(secure.getProtocol() ?? ''));
    const serverSide = await upgrades[0]!;
    assert.equal(serverSide.encrypted, true);
    // The plain socket's idle timer is off: its handler would write plaintext into TLS.
    assert.equal(plainSockets[0]?.timeout, 0);
    secure.write('NOOP\r\n');
    const [reply] = await once(secure, 'data');
    assert.equal(reply.toString(), 'echo NOOP\r\n');
    secure.destroy();
  } finally {
    server.close();
  }
});

test('STARTTLS: TLS 1.1, a stalled handshake and a dropped connection are refused cleanly', async () => {
  const certFile = join(dir, 'st2-cert.pem');
  const keyFile = join(dir, 'st2-key.pem');
  await writeFile(keyFile, one.key);
  await writeFile(certFile, one.cert);
  const provider = await TlsContextProvider.create({ certFile, keyFile });
  const { server, upgrades, port } = await startTlsServer(provider, 200);
  try {
    // Old TLS version.
    const p1 = await plainUntilGoAhead(port);
    const old = tlsConnect({
      socket: p1,
      rejectUnauthorized: false,
      maxVersion: 'TLSv1.1',
      minVersion: 'TLSv1',
    });
    const [clientErr] = await once(old, 'error');
    assert.ok(clientErr instanceof Error);
    await assert.rejects(upgrades[0]!);

    // Client never starts the handshake: timeout.
    const p2 = await plainUntilGoAhead(port);
    await assert.rejects(upgrades[1]!, /timed out/);
    p2.destroy();

    // Client hangs up.
    const p3 = await plainUntilGoAhead(port);
    p3.destroy();
    await assert.rejects(upgrades[2]!, /closed|ECONNRESET|socket/i);
  } finally {
    server.close();
  }
});

test('reload() requested during a reload runs again and sees the newest files', async () => {
  const certFile = join(dir, 'race-cert.pem');
  const keyFile = join(dir, 'race-key.pem');
  await writeFile(keyFile, one.key);
  await writeFile(certFile, one.cert);
  const provider = await TlsContextProvider.create({ certFile, keyFile });
  const first = provider.reload(); // starts reading the files...
  writeFileSync(keyFile, two.key); // ...which change meanwhile (no await in between)
  writeFileSync(certFile, two.cert);
  const second = provider.reload(); // joins the running reload, which runs once more
  assert.equal(second, first);
  assert.equal(await second, true);
  assert.equal(provider.fingerprint256, await fingerprintOf(two.cert));
});

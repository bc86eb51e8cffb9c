import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { type ConnectionInfo, type Listener, listen } from '../../src/net/listener.js';
import { tempProvider } from '../helpers/tls-provider.js';

/** Waits for a condition driven by socket events elsewhere (polls the event loop, no fixed sleep). */
async function until(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Connects and resolves with the first chunk the server sends, or '' if it closes first. */
async function firstData(
  port: number,
  localAddress = '127.0.0.1',
): Promise<{ socket: Socket; text: string }> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  socket.on('error', () => {});
  const text = await new Promise<string>((resolve) => {
    socket.once('data', (d) => resolve(d.toString()));
    socket.once('close', () => resolve(''));
  });
  return { socket, text };
}

/** A TLS provider over a fresh self-signed pair in a temporary directory. */
async function plainListener(extra: Partial<Parameters<typeof listen>[0]> = {}) {
  const infos: ConnectionInfo[] = [];
  const refusals: string[] = [];
  const listener = await listen({
    name: 'test',
    host: '127.0.0.1',
    port: 0,
    limits: { perAddress: 3, total: 100 },
    onConnection: (s, info) => {
      infos.push(info);
      s.write('HELLO\r\n');
    },
    onRefused: (s, reason, message) => {
      refusals.push(reason);
      s.end(`BUSY ${message}\r\n`);
    },
    ...extra,
  });
  return { listener, infos, refusals, port: listener.address.port };
}

test('per-address limit over real sockets: refused politely, freed on close, other addresses unaffected', async () => {
  const { listener, infos, refusals, port } = await plainListener();
  const open: Socket[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const c = await firstData(port);
      assert.equal(c.text, 'HELLO\r\n');
      open.push(c.socket);
    }
    assert.equal(listener.connectionsFrom('127.0.0.1'), 3);
    assert.equal(listener.connectionsFrom('::ffff:127.0.0.1'), 3);
    const refused = await firstData(port);
    assert.match(refused.text, /^BUSY too many connections from your address/);
    assert.deepEqual(refusals, ['per-address']);
    refused.socket.destroy();

    // Another client address still gets in.
    const other = await firstData(port, '127.0.0.2');
    assert.equal(other.text, 'HELLO\r\n');
    open.push(other.socket);
    assert.equal(infos.at(-1)?.remoteAddress, '127.0.0.2');
    assert.equal(infos.at(-1)?.secure, false);

    // One closes: a slot is free again.
    open.shift()?.destroy();
    await until(() => listener.connectionsFrom('127.0.0.1') === 2, 'slot release');
    const again = await firstData(port);
    assert.equal(again.text, 'HELLO\r\n');
    open.push(again.socket);
  } finally {
    for (const s of open) s.destroy();
    listener.close();
    await listener.drained();
  }
});

test('total limit refuses with its own reason', async () => {
  const { listener, refusals, port } = await plainListener({ limits: { perAddress: 10, total: 2 } });
  const a = await firstData(port);
  const b = await firstData(port);
  const c = await firstData(port);
  assert.match(c.text, /^BUSY too many connections to test/);
  assert.deepEqual(refusals, ['total']);
  for (const x of [a, b, c]) x.socket.destroy();
  listener.close();
  await listener.drained();
});

test('without onRefused the socket is just closed', async () => {
  const { listener, port } = await plainListener({ onRefused: undefined, limits: { perAddress: 1 } });
  const a = await firstData(port);
  const b = await firstData(port);
  assert.equal(b.text, '');
  a.socket.destroy();
  listener.close();
  await listener.drained();
});

test('idle connections are handed to onIdle (or dropped)', async () => {
  const idled: string[] = [];
  const { listener, port } = await plainListener({
    idleTimeoutMs: 50,
    onIdle: (s) => {
      idled.push('idle');
      s.end('BYE idle\r\n');
    },
  });
  const c = await firstData(port);
  const rest: Buffer[] = [];
  c.socket.on('data', (d) => rest.push(d));
  await once(c.socket, 'close');
  assert.equal(Buffer.concat(rest).toString(), 'BYE idle\r\n');
  assert.deepEqual(idled, ['idle']);
  listener.close();
  await listener.drained();
});

test('close() stops accepting and hands back open sessions for a goodbye', async () => {
  const { listener, port } = await plainListener({ limits: { perAddress: 10 } });
  const a = await firstData(port);
  const b = await firstData(port);
  const bye: string[] = [];
  for (const s of [a.socket, b.socket]) s.on('data', (d) => bye.push(d.toString()));
  const sessions = listener.close();
  assert.equal(sessions.length, 2);
  const refused = connect(port, '127.0.0.1');
  const [err] = await once(refused, 'error');
  assert.equal((err as NodeJS.ErrnoException).code, 'ECONNREFUSED');
  for (const s of sessions) s.end('BYE shutting down\r\n');
  await listener.drained();
  await until(() => bye.length === 2, 'goodbyes');
  assert.deepEqual(bye, ['BYE shutting down\r\n', 'BYE shutting down\r\n']);
  assert.equal(listener.connections, 0);
});

test('a busy port gives a clear error', async () => {
  const { listener, port } = await plainListener();
  await assert.rejects(
    listen({ name: 'imap', host: '127.0.0.1', port, onConnection: () => {} }),
    /imap: cannot listen on 127.0.0.1:\d+: address already in use/,
  );
  listener.close();
  await listener.drained();
});

test('implicit TLS listener: secure sessions, limits counted before the handshake', async () => {
  const { provider, cleanup } = await tempProvider();
  const infos: ConnectionInfo[] = [];
  let listener: Listener | null = null;
  try {
    listener = await listen({
      name: 'imaps',
      host: '127.0.0.1',
      port: 0,
      tls: provider,
      limits: { perAddress: 2 },
      onConnection: (s, info) => {
        infos.push(info);
        s.write('* OK secure\r\n');
      },
    });
    const port = listener.address.port;
    const clients: TLSSocket[] = [];
    for (let i = 0; i < 2; i++) {
      const c = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
      const [d] = await once(c, 'data');
      assert.equal(d.toString(), '* OK secure\r\n');
      clients.push(c);
    }
    assert.deepEqual(
      infos.map((i) => [i.remoteAddress, i.secure]),
      [
        ['127.0.0.1', true],
        ['127.0.0.1', true],
      ],
    );
    // Third: dropped before any handshake.
    const third = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    const outcome = await new Promise<string>((resolve) => {
      third.once('secureConnect', () => resolve('secure'));
      third.once('error', () => resolve('error'));
      third.once('close', () => resolve('closed'));
    });
    assert.notEqual(outcome, 'secure');
    // A raw connection that never handshakes is dropped by close(), not returned as a session.
    clients[0]?.destroy();
    await until(() => listener?.connectionsFrom('127.0.0.1') === 1, 'slot release');
    const silent = connect(port, '127.0.0.1');
    silent.on('error', () => {});
    await until(() => listener?.connections === 2, 'silent connection');
    const sessions = listener.close();
    assert.equal(sessions.length, 1);
    await once(silent, 'close');
    for (const s of sessions) s.destroy();
    await listener.drained();
    for (const c of clients) c.destroy();
  } finally {
    await cleanup();
  }
});

test('behind a trusted proxy: the PROXY header gives the client address, and limits use it', async () => {
  const infos: ConnectionInfo[] = [];
  const received: string[] = [];
  const dropped: string[] = [];
  const listener = await listen({
    name: 'imap',
    host: '127.0.0.1',
    port: 0,
    trustedProxies: ['::ffff:127.0.0.1'],
    limits: { perAddress: 1 },
    onConnection: (s, info) => {
      infos.push(info);
      s.on('data', (d) => received.push(d.toString()));
      s.write('HELLO\r\n');
    },
    onRefused: (s) => s.end('BUSY\r\n'),
    onDropped: (_addr, e) => dropped.push(e.message),
  });
  const port = listener.address.port;
  const viaProxy = async (header: string, after = '') => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.write(header + after); // header and first command in one segment
    const text = await new Promise<string>((resolve) => {
      s.once('data', (d) => resolve(d.toString()));
      s.once('close', () => resolve(''));
    });
    return { s, text };
  };
  try {
    const a = await viaProxy('PROXY TCP4 203.0.113.7 127.0.0.1 40000 143\r\n', 'A1 CAPABILITY\r\n');
    assert.equal(a.text, 'HELLO\r\n');
    assert.deepEqual(infos[0], { remoteAddress: '203.0.113.7', remotePort: 40000, secure: false });
    // Bytes after the header reach the session untouched.
    await until(() => received.join('') === 'A1 CAPABILITY\r\n', 'first command');
    assert.equal(listener.connectionsFrom('203.0.113.7'), 1);
    assert.equal(listener.connectionsFrom('127.0.0.1'), 0);
    // Same real client again: over its limit of 1, although the proxy address is shared.
    const b = await viaProxy('PROXY TCP4 203.0.113.7 127.0.0.1 40001 143\r\n');
    assert.equal(b.text, 'BUSY\r\n');
    // Another real client through the same proxy gets in.
    const c = await viaProxy('PROXY TCP4 203.0.113.8 127.0.0.1 40002 143\r\n');
    assert.equal(c.text, 'HELLO\r\n');
    // No header from the proxy: dropped with a reason.
    const d = await viaProxy('A1 LOGIN me pw\r\n');
    assert.equal(d.text, '');
    await until(() => dropped.length === 1, 'drop report');
    assert.match(dropped[0] ?? '', /PROXY header/);
    for (const x of [a, b, c, d]) x.s.destroy();
  } finally {
    listener.close();
    await listener.drained();
  }
});

test('PROXY v2 in front of implicit TLS: header, then the handshake', async () => {
  const { provider, cleanup } = await tempProvider();
  const infos: ConnectionInfo[] = [];
  const listener = await listen({
    name: 'imaps',
    host: '127.0.0.1',
    port: 0,
    tls: provider,
    trustedProxies: ['127.0.0.1'],
    onConnection: (s, info) => {
      infos.push(info);
      s.write('* OK secure\r\n');
    },
  });
  try {
    const raw = connect(listener.address.port, '127.0.0.1');
    await once(raw, 'connect');
    const body = Buffer.from([198, 51, 100, 9, 127, 0, 0, 1, 0x9c, 0x40, 0x03, 0xe1]);
    raw.write(
      Buffer.concat([
        Buffer.from([
          0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a, 0x21, 0x11, 0x00, 12,
        ]),
        body,
      ]),
    );
    const secure = tlsConnect({ socket: raw, rejectUnauthorized: false });
    const [d] = await once(secure, 'data');
    assert.equal(d.toString(), '* OK secure\r\n');
    assert.deepEqual(infos, [{ remoteAddress: '198.51.100.9', remotePort: 40000, secure: true }]);
    secure.destroy();
  } finally {
    listener.close();
    await listener.drained();
    await cleanup();
  }
});

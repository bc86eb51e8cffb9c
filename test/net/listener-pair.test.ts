import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { listenPair } from '../../src/net/listener-pair.js';
import { tempProvider } from '../helpers/tls-provider.js';

test('listenPair opens a plain and an implicit-TLS listener that report which one a client used', async () => {
  const { provider, cleanup } = await tempProvider();
  const seen: boolean[] = [];
  const listeners = await listenPair(
    { plain: 'x', tls: 'xs' },
    { plain: { host: '127.0.0.1', port: 0 }, tls: { host: '127.0.0.1', port: 0 } },
    provider,
    {
      onConnection: (s, info) => {
        seen.push(info.secure);
        s.end('hi\r\n');
      },
    },
  );
  try {
    assert.deepEqual(
      listeners.map((l) => l.name),
      ['x', 'xs'],
    );
    const plain = connect(listeners[0]!.address.port, '127.0.0.1');
    await once(plain, 'data');
    plain.destroy();
    const secure = tlsConnect({
      port: listeners[1]!.address.port,
      host: '127.0.0.1',
      rejectUnauthorized: false,
    });
    await once(secure, 'data');
    secure.destroy();
    assert.deepEqual(seen, [false, true]);
  } finally {
    for (const l of listeners) for (const s of l.close()) s.destroy();
    provider.close();
    await cleanup();
  }
});

test('listenPair closes the first listener again when the second cannot bind', async () => {
  const { provider, cleanup } = await tempProvider();
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const busy = (blocker.address() as { port: number }).port;
  const free = createServer();
  free.listen(0, '127.0.0.1');
  await once(free, 'listening');
  const firstPort = (free.address() as { port: number }).port;
  free.close();
  await once(free, 'close');
  try {
    await assert.rejects(
      listenPair(
        { plain: 'x', tls: 'xs' },
        { plain: { host: '127.0.0.1', port: firstPort }, tls: { host: '127.0.0.1', port: busy } },
        provider,
        { onConnection: (s) => s.destroy() },
      ),
      (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE',
    );
    // The plain port was released: binding it again succeeds.
    const again = createServer();
    again.listen(firstPort, '127.0.0.1');
    await once(again, 'listening');
    again.close();
  } finally {
    blocker.close();
    provider.close();
    await cleanup();
  }
});

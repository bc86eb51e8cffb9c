import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { SessionListeners } from '../../src/net/session-listeners.js';

/** A one-line "protocol": greets, and on shutdown says goodbye (or is cut). */
class EchoSession {
  shutdowns: boolean[] = [];
  private ended!: () => void;
  readonly done = new Promise<void>((r) => (this.ended = r));
  constructor(readonly socket: Socket) {
    socket.write('HELLO\r\n');
    socket.on('close', () => this.ended());
  }
  shutdown(graceful: boolean): void {
    this.shutdowns.push(graceful);
    if (graceful) this.socket.end('BYE\r\n');
    else this.socket.destroy();
  }
}

function reader(s: Socket): () => Promise<string> {
  let buf = '';
  s.setEncoding('latin1');
  s.on('data', (d: string) => {
    buf += d;
  });
  return async () => {
    while (!buf.includes('\r\n')) await once(s, 'data');
    const i = buf.indexOf('\r\n');
    const line = buf.slice(0, i);
    buf = buf.slice(i + 2);
    return line;
  };
}

test('SessionListeners: sessions are counted, refused in the protocol’s words, told goodbye on close', async () => {
  const started: EchoSession[] = [];
  const l = new SessionListeners<EchoSession>({
    names: { plain: 'echo', tls: 'echos' },
    bind: { plain: { host: '127.0.0.1', port: 0 }, tls: null },
    tls: null,
    idleTimeoutMs: 60_000,
    connectionLimits: { perAddress: 1 },
    refusal: (message) => `NO ${message}\r\n`,
    start(socket) {
      const s = new EchoSession(socket as Socket);
      started.push(s);
      return { session: s, done: s.done };
    },
  });
  const bound = await l.listen();
  assert.deepEqual(
    bound.map((b) => b.name),
    ['echo'],
  );
  assert.equal(l.port('echos'), null);
  const port = l.port('echo')!;

  const a = connect(port, '127.0.0.1');
  const readA = reader(a);
  assert.equal(await readA(), 'HELLO');
  assert.equal(l.sessionCount, 1);

  // Over the per-address limit: refused with the protocol's line, never a session.
  const b = connect(port, '127.0.0.1');
  const readB = reader(b);
  assert.match(await readB(), /^NO .*too many connections/i);
  await once(b, 'close');
  assert.equal(started.length, 1);

  const closed = l.close(true);
  assert.equal(await readA(), 'BYE');
  await closed;
  assert.deepEqual(started[0]!.shutdowns, [true]);
  assert.equal(l.sessionCount, 0);
  a.destroy();
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parseCommand } from '../../src/protocols/imap/wire/commands/parse.js';
import { validIn } from '../../src/protocols/imap/wire/commands/states.js';
import { Framer } from '../../src/protocols/imap/wire/framer.js';
import {
  type LiteralInfo,
  LiteralRouter,
  type LiteralSink,
} from '../../src/protocols/imap/wire/literal-sink.js';

class HashSink implements LiteralSink {
  readonly hash = createHash('sha256');
  bytes = 0;
  ended = false;
  aborted = false;
  constructor(readonly info: LiteralInfo) {}
  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  end(): void {
    this.ended = true;
  }
  abort(): void {
    this.aborted = true;
  }
}

test('a 50 MB APPEND streams through the framer to a sink without copies', async () => {
  const size = 50 * 1024 * 1024;
  const f = new Framer({ maxAppendSize: 64 * 1024 * 1024 });
  const router = new LiteralRouter((info) => new HashSink(info));
  const expected = createHash('sha256');
  f.push(Buffer.from(`A1 APPEND INBOX (\\Seen) {${size}}\r\n`));
  const cont = f.next();
  assert.ok(cont?.kind === 'continuation' && cont.size === size);
  f.accept();
  let copies = 0;
  let command = null;
  const chunk = 64 * 1024;
  const pieces = function* () {
    for (let sent = 0; sent < size; sent += chunk)
      yield Buffer.alloc(Math.min(chunk, size - sent), sent % 251);
    yield Buffer.from('\r\n');
  };
  for (const piece of pieces()) {
    if (piece.length > 2) expected.update(piece);
    f.push(piece);
    assert.ok(f.buffered <= chunk);
    for (let ev = f.next(); ev; ev = f.next()) {
      if (ev.kind === 'literal-data' && ev.chunk.buffer !== piece.buffer) copies++;
      if (await router.handle(ev)) continue;
      assert.equal(ev.kind, 'command');
      if (ev.kind === 'command') command = parseCommand(ev.frame);
    }
  }
  assert.equal(copies, 0);
  assert.ok(command?.ok);
  if (!command?.ok || command.command.name !== 'APPEND') return;
  const data = command.command.messages[0]!.data;
  assert.equal(data.kind, 'streamed');
  if (data.kind !== 'streamed') return;
  const sink = router.take(data.id);
  assert.ok(sink);
  assert.equal(sink.bytes, size);
  assert.ok(sink.ended);
  assert.equal(sink.hash.digest('hex'), expected.digest('hex'));
  assert.equal(router.pending, 0);
});

test('abortAll aborts sinks of a dropped command', async () => {
  const f = new Framer({ appendStreamThreshold: 10, maxLineLength: 50 });
  const sinks: HashSink[] = [];
  const router = new LiteralRouter((info) => {
    const s = new HashSink(info);
    sinks.push(s);
    return s;
  });
  f.push(Buffer.from(`a APPEND INBOX {20+}\r\n${'x'.repeat(20)} ${'y'.repeat(100)}\r\n`));
  for (let ev = f.next(); ev; ev = f.next()) {
    if (await router.handle(ev)) continue;
    assert.equal(ev.kind, 'error');
    router.abortAll();
  }
  assert.equal(sinks.length, 1);
  assert.ok(sinks[0]!.ended && sinks[0]!.aborted);
  assert.equal(router.pending, 0);
});

test('command states (RFC 9051 §6)', () => {
  assert.ok(validIn('LOGIN', 'not-authenticated'));
  assert.ok(!validIn('LOGIN', 'authenticated'));
  assert.ok(validIn('CAPABILITY', 'selected'));
  assert.ok(validIn('ENABLE', 'authenticated'));
  assert.ok(!validIn('ENABLE', 'selected'));
  assert.ok(validIn('APPEND', 'selected'));
  assert.ok(!validIn('FETCH', 'authenticated'));
});

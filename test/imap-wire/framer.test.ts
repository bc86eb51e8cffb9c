import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendTarget } from '../../src/protocols/imap/wire/commands/append-commands.js';
import type { FramerEvent } from '../../src/protocols/imap/wire/frame.js';
import { frameToText } from '../../src/protocols/imap/wire/frame.js';
import { Framer, readTag } from '../../src/protocols/imap/wire/framer.js';
import { assertSubset, drain, plain, randomSplit, rng, runFramer } from './helpers.js';

const texts = (evs: FramerEvent[]) =>
  evs.map((e) =>
    e.kind === 'command'
      ? frameToText(e.frame)
      : `${e.kind}${e.kind === 'error' ? `:${e.error.code}:${e.error.tag}` : ''}`,
  );

test('one command per line, pipelined, CRLF or bare LF', () => {
  const evs = runFramer(['a1 NOOP\r\na2 CAPABILITY\na3 LOGOUT\r\n']);
  assert.deepEqual(texts(evs), ['a1 NOOP', 'a2 CAPABILITY', 'a3 LOGOUT']);
});

test('a command is only emitted once its line is complete', () => {
  const f = new Framer();
  f.push(Buffer.from('a1 NO'));
  assert.equal(f.next(), null);
  f.push(Buffer.from('OP\r'));
  assert.equal(f.next(), null);
  f.push(Buffer.from('\n'));
  const ev = f.next();
  assert.equal(ev?.kind, 'command');
  assert.equal(f.next(), null);
});

test('empty lines between commands are skipped (Apple Mail after IDLE)', () => {
  assert.deepEqual(texts(runFramer(['\r\n\r\na1 NOOP\r\n\r\nL67 UID MOVE 1 Trash\r\n'])), [
    'a1 NOOP',
    'L67 UID MOVE 1 Trash',
  ]);
});

test('synchronising literal waits for accept(), then the rest of the command is read', () => {
  const f = new Framer();
  f.push(Buffer.from('a1 LOGIN {5}\r\n'));
  const ev = f.next();
  assertSubset(ev, { kind: 'continuation', tag: 'a1', command: 'LOGIN', size: 5, binary: false });
  assert.equal(f.next(), null, 'nothing until a decision');
  assert.ok(f.awaitingDecision);
  f.accept();
  f.push(Buffer.from('alice {6}\r\n'));
  assert.equal(f.next()?.kind, 'continuation');
  f.accept();
  f.push(Buffer.from('secret\r\n'));
  const cmd = f.next();
  assert.equal(cmd?.kind, 'command');
  if (cmd?.kind !== 'command') return;
  assert.deepEqual(plain(cmd.frame.parts), [
    { kind: 'text', data: 'a1 LOGIN ' },
    { kind: 'literal', data: 'alice', binary: false },
    { kind: 'text', data: ' ' },
    { kind: 'literal', data: 'secret', binary: false },
    { kind: 'text', data: '' },
  ]);
});

test('reject() drops the command; the next line is a new command', () => {
  const f = new Framer();
  f.push(Buffer.from('a1 APPEND INBOX {999}\r\n'));
  assert.equal(f.next()?.kind, 'continuation');
  f.reject();
  f.push(Buffer.from('a2 NOOP\r\n'));
  const ev = f.next();
  assert.equal(ev?.kind, 'command');
  if (ev?.kind === 'command') assert.equal(ev.frame.tag, 'a2');
});

test('literal bytes are never parsed as commands, even if they look like one', () => {
  const evs = runFramer(['a1 LOGIN {12+}\r\na2 LOGOUT\r\n secret\r\na3 NOOP\r\n']);
  assert.deepEqual(texts(evs), ['a1 LOGIN {12}secret', 'a3 NOOP']);
});

test('non-synchronising literal and literal8 are read without a continuation', () => {
  const evs = runFramer(['a1 APPEND INBOX ~{3+}\r\na\0b\r\n']);
  assert.equal(evs.length, 1);
  const ev = evs[0]!;
  assert.equal(ev.kind, 'command');
  if (ev.kind === 'command')
    assert.deepEqual(plain(ev.frame.parts[1]), { kind: 'literal', data: 'a\0b', binary: true });
});

test('{n} inside a quoted string is not a literal', () => {
  assert.deepEqual(texts(runFramer(['a1 SEARCH SUBJECT "{5}"\r\n'])), ['a1 SEARCH SUBJECT "{5}"']);
});

test('LITERAL-: non-synchronising literal over 4096 is refused and drained (RFC 7888 §5)', () => {
  const body = 'x'.repeat(5000);
  const evs = runFramer([`a1 APPEND INBOX {5000+}\r\n${body}\r\na2 NOOP\r\n`]);
  assert.deepEqual(texts(evs), ['error:literal-minus:a1', 'a2 NOOP']);
  const err = evs[0]!;
  if (err.kind === 'error') {
    assert.equal(err.error.responseCode, 'TOOBIG');
    assert.equal(err.error.fatal, false);
  }
});

test('LITERAL+: large non-synchronising literal accepted when literalMinus is off', () => {
  const body = 'x'.repeat(5000);
  const evs = runFramer([`a1 SEARCH TEXT {5000+}\r\n${body}\r\n`], {
    literalMinus: false,
    maxLiteralSize: 10000,
  });
  assert.deepEqual(texts(evs), ['a1 SEARCH TEXT {5000}']);
});

test('refused non-synchronising literal followed by more literals: all drained', () => {
  const evs = runFramer([
    'a1 APPEND INBOX {5000+}\r\n',
    'y'.repeat(5000),
    ' {3+}\r\nabc {2+}\r\nzz\r\na2 NOOP\r\n',
  ]);
  assert.deepEqual(texts(evs), ['error:literal-minus:a1', 'a2 NOOP']);
});

test('a refused non-synchronising literal too big to drain is fatal', () => {
  const evs = runFramer(['a1 APPEND INBOX {99999999+}\r\n'], { maxDrainBytes: 1000 });
  assert.equal(evs.length, 1);
  const e = evs[0]!;
  assert.ok(e.kind === 'error' && e.error.fatal);
});

test('synchronising literal over the limit: error before reading, tag kept, TOOBIG', () => {
  const f = new Framer({ maxAppendSize: 1000 });
  f.push(Buffer.from('k9 APPEND INBOX {170581193}\r\n'));
  const ev = f.next();
  assert.ok(ev?.kind === 'error');
  if (ev?.kind === 'error') {
    assert.equal(ev.error.code, 'literal-too-large');
    assert.equal(ev.error.tag, 'k9');
    assert.equal(ev.error.responseCode, 'TOOBIG');
  }
  f.push(Buffer.from('k10 NOOP\r\n'));
  assert.equal(f.next()?.kind, 'command');
});

test('small literal limit for commands other than APPEND', () => {
  const evs = runFramer(['a1 LOGIN {70000}\r\n'], {}, true);
  assert.deepEqual(texts(evs), ['error:literal-too-large:a1']);
});

test('overlong line: error with the tag, rest of the line dropped, next command fine', () => {
  const long = 'a1 SEARCH ' + 'X'.repeat(300) + '\r\na2 NOOP\r\n';
  const evs = runFramer([long.slice(0, 100), long.slice(100)], { maxLineLength: 128 });
  assert.deepEqual(texts(evs), ['error:line-too-long:a1', 'a2 NOOP']);
});

test('overlong line that ends with a non-synchronising literal: the literal is drained too', () => {
  const long = 'a1 SEARCH ' + 'X'.repeat(300) + ' {5+}\r\nhello\r\na2 NOOP\r\n';
  const evs = runFramer([long], { maxLineLength: 128 });
  assert.deepEqual(texts(evs), ['error:line-too-long:a1', 'a2 NOOP']);
});

test('many small literals beyond maxCommandBytes: command-too-large', () => {
  let cmd = 'a1 SEARCH';
  for (let i = 0; i < 50; i++) cmd += ' TEXT {100+}\r\n' + 'z'.repeat(100);
  const evs = runFramer([cmd + '\r\na2 NOOP\r\n'], { maxCommandBytes: 2000, literalMinus: false });
  assert.deepEqual(texts(evs), ['error:command-too-large:a1', 'a2 NOOP']);
});

test('APPEND literal over the threshold is streamed in chunks, not buffered', () => {
  const size = 200_000;
  const body = Buffer.alloc(size, 0x61);
  const f = new Framer({ appendStreamThreshold: 1000 });
  f.push(Buffer.from(`a1 APPEND INBOX (\\Seen) {${size}}\r\n`));
  assert.equal(f.next()?.kind, 'continuation');
  f.accept();
  const evs: FramerEvent[] = [];
  for (let i = 0; i < size; i += 65536) {
    f.push(body.subarray(i, i + 65536));
    evs.push(...drain(f));
  }
  f.push(Buffer.from('\r\n'));
  evs.push(...drain(f));
  const start = evs[0];
  assert.ok(start?.kind === 'literal-start' && start.size === size && start.command === 'APPEND');
  const data = evs.filter((e) => e.kind === 'literal-data');
  assert.ok(data.length >= 4);
  assert.equal(
    data.reduce((n, e) => n + (e.kind === 'literal-data' ? e.chunk.length : 0), 0),
    size,
  );
  assert.equal(evs.at(-2)?.kind, 'literal-end');
  const last = evs.at(-1);
  assert.ok(last?.kind === 'command');
  if (last?.kind === 'command')
    assert.deepEqual(last.frame.parts[1], { kind: 'streamed', id: 1, size, binary: false });
});

test('readTag: valid and invalid tags', () => {
  assert.equal(readTag(Buffer.from('a1 NOOP')), 'a1');
  assert.equal(readTag(Buffer.from('A.b]c NOOP')), 'A.b]c');
  assert.equal(readTag(Buffer.from('+ NOOP')), null);
  assert.equal(readTag(Buffer.from('a*b NOOP')), null);
  assert.equal(readTag(Buffer.from(' NOOP')), null);
  assert.equal(readTag(Buffer.from('\u00e9 NOOP')), null);
});

test('property: any split of a command stream yields the same events', () => {
  const stream = Buffer.from(
    [
      'a1 LOGIN {5}\r\nalice "pa\\"ss"',
      'a2 APPEND INBOX (\\Seen) {20+}\r\n0123456789abcdefghij',
      'a3 SEARCH CHARSET UTF-8 SUBJECT "h\u00e9llo" BODY ~{3+}\r\nxyz',
      '',
      'a4 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (From To)]<0.100>)',
      'a5 APPEND INBOX {5000}\r\n' + 'm'.repeat(5000),
      'a6 NOOP',
    ].join('\r\n') + '\r\n',
  );
  const norm = (evs: FramerEvent[]) =>
    JSON.stringify(
      plain(evs.filter((e) => e.kind !== 'literal-data').map((e) => (e.kind === 'command' ? e.frame : e))),
    );
  const limits = { appendStreamThreshold: 1000 };
  const reference = runFramer([stream], limits);
  assert.equal(reference.filter((e) => e.kind === 'command').length, 6);
  const refData = Buffer.concat(reference.flatMap((e) => (e.kind === 'literal-data' ? [e.chunk] : [])));
  const rand = rng(42);
  for (let i = 0; i < 300; i++) {
    const evs = runFramer(randomSplit(stream, rand, 40), limits);
    assert.equal(norm(evs), norm(reference));
    const data = Buffer.concat(evs.flatMap((e) => (e.kind === 'literal-data' ? [e.chunk] : [])));
    assert.ok(data.equals(refData));
  }
  // byte by byte
  const bytes = [...stream].map((b) => Buffer.from([b]));
  assert.equal(norm(runFramer(bytes, limits)), norm(reference));
});

test('fuzz: random garbage never throws and the buffer stays bounded', () => {
  const rand = rng(7);
  const alphabet = Buffer.from('a1 {}+~()"\\\r\n*%[]<>.:,0123456789\0\xff\x80FETCH APPEND ');
  const limits = {
    maxLineLength: 512,
    maxLiteralSize: 256,
    maxAppendSize: 4096,
    maxCommandBytes: 8192,
    maxDrainBytes: 4096,
  };
  for (let round = 0; round < 200; round++) {
    const f = new Framer(limits);
    for (let c = 0; c < 50; c++) {
      const len = Math.floor(rand() * 300);
      const chunk = Buffer.alloc(len);
      for (let i = 0; i < len; i++) {
        chunk[i] = rand() < 0.9 ? alphabet[Math.floor(rand() * alphabet.length)]! : Math.floor(rand() * 256);
      }
      f.push(chunk);
      for (let ev = f.next(), n = 0; n < 10000; ev = f.next(), n++) {
        if (!ev) {
          if (!f.awaitingDecision) break;
          if (rand() < 0.5) f.accept();
          else f.reject();
        }
      }
      assert.ok(f.buffered <= limits.maxLineLength + 2 + 300, `buffered ${f.buffered}`);
    }
  }
});

test('client that sends a synchronising literal without waiting: refused bytes are drained', () => {
  const f = new Framer();
  f.push(Buffer.from('a1 APPEND INBOX {10}\r\na2 LOGOUTx\r\na3 NOOP\r\n'));
  assert.equal(f.next()?.kind, 'continuation');
  f.reject();
  const ev = f.next();
  assert.ok(ev?.kind === 'command');
  if (ev?.kind === 'command') assert.equal(ev.frame.tag, 'a3');
  // Over the limit and already sent: the framer refuses and drains by itself.
  const evs = runFramer(['b1 LOGIN {70000}\r\n' + 'z'.repeat(70000) + '\r\nb2 NOOP\r\n'], {
    maxDrainBytes: 100000,
  });
  assert.deepEqual(texts(evs), ['error:literal-too-large:b1', 'b2 NOOP']);
  const fatal = runFramer(['b1 LOGIN {70000}\r\nzzz'], { maxDrainBytes: 1000 });
  assert.ok(fatal.length === 1 && fatal[0]!.kind === 'error' && fatal[0]!.error.fatal);
});

test('takeBuffered: bytes pipelined after STARTTLS / COMPRESS are handed back, not parsed', () => {
  const f = new Framer();
  f.push(Buffer.from('a1 STARTTLS\r\na2 LOGIN evil injected\r\n'));
  const ev = f.next();
  assert.ok(ev?.kind === 'command');
  const rest = f.takeBuffered();
  assert.equal(rest.toString(), 'a2 LOGIN evil injected\r\n');
  assert.equal(f.next(), null);
  assert.equal(f.buffered, 0);
  f.push(Buffer.from('a3 NOOP\r\n'));
  assert.equal(f.next()?.kind, 'command');
});

test('a long line trickling in byte by byte costs linear time', () => {
  const f = new Framer({ maxLineLength: 1024 * 1024 });
  const line = Buffer.from(`a1 UID FETCH ${'1,'.repeat(250_000)}1 FLAGS\r\n`);
  const t0 = Date.now();
  let ev = null;
  for (let i = 0; i < line.length; i++) {
    f.push(line.subarray(i, i + 1));
    ev = f.next() ?? ev;
  }
  assert.ok(ev?.kind === 'command');
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
});

test('continuation carries the command so far; appendTarget reads the mailbox', () => {
  const target = (wire: string, utf8Accept = false) => {
    const f = new Framer();
    f.push(Buffer.from(wire));
    const ev = f.next();
    assert.ok(ev?.kind === 'continuation', wire);
    return ev?.kind === 'continuation' ? appendTarget(ev.sofar, { utf8Accept }) : undefined;
  };
  assert.equal(target('a1 APPEND inbox (\\Seen) " 5-Mar-2024 14:03:09 +0100" {500}\r\n'), 'INBOX');
  assert.equal(target('a1 APPEND "Entw&APw-rfe" {500}\r\n'), 'Entw\u00fcrfe');
  assert.equal(target('a1 UID REPLACE 5 Drafts {500}\r\n'), 'Drafts');
  assert.equal(target('a1 APPEND {5}\r\n'), null, 'the mailbox is the literal');
  assert.equal(target('a1 LOGIN {5}\r\n'), null);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FramerEvent, LineFramer } from '../../../src/protocols/pop3/wire/line-framer.js';

const lines = (evs: FramerEvent[]) =>
  evs.map((e) => (e.kind === 'line' ? e.line.toString() : `<overlong ${e.length}>`));

test('splits CRLF and bare LF lines, several per chunk (pipelining)', () => {
  const f = new LineFramer(255);
  assert.deepEqual(lines(f.push(Buffer.from('STAT\r\nLIST\nUIDL 1\r\n'))), ['STAT', 'LIST', 'UIDL 1']);
});

test('joins a line split over chunks, even between CR and LF', () => {
  const f = new LineFramer(255);
  assert.deepEqual(lines(f.push(Buffer.from('RE'))), []);
  assert.deepEqual(lines(f.push(Buffer.from('TR 1\r'))), []);
  assert.equal(f.pending, 7);
  assert.deepEqual(lines(f.push(Buffer.from('\nQUIT\r\n'))), ['RETR 1', 'QUIT']);
});

test('empty lines are reported as empty lines', () => {
  const f = new LineFramer(255);
  assert.deepEqual(lines(f.push(Buffer.from('\r\n\n'))), ['', '']);
});

test('the limit counts CRLF: exactly at the limit passes, one more is overlong', () => {
  const f = new LineFramer(10);
  assert.deepEqual(lines(f.push(Buffer.from('12345678\r\n'))), ['12345678']);
  assert.deepEqual(lines(f.push(Buffer.from('123456789\r\nNOOP\r\n'))), ['<overlong 11>', 'NOOP']);
});

test('an overlong line spread over many chunks is reported once, tail not parsed', () => {
  const f = new LineFramer(16);
  const evs: FramerEvent[] = [];
  for (let i = 0; i < 100; i++) evs.push(...f.push(Buffer.from('DELE 1 DELE 1 ')));
  evs.push(...f.push(Buffer.from('x\r\nSTAT\r\n')));
  assert.deepEqual(lines(evs), ['<overlong 1403>', 'STAT']);
  assert.equal(f.pending, 4 - 4);
});

test('held partial data does not keep the whole input chunk alive', () => {
  const f = new LineFramer(255);
  const big = Buffer.alloc(65536, 0x0a);
  big.write('NO', big.length - 2);
  f.push(big);
  assert.equal(f.pending, 2);
  assert.deepEqual(lines(f.push(Buffer.from('OP\r\n'))), ['NOOP']);
});

test('refuses a silly limit', () => {
  assert.throws(() => new LineFramer(0), RangeError);
});

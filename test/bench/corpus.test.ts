import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasMarker, MARKER_WORD, markerCount, syntheticMessage } from '../../bench/lib/corpus.js';

test('message i is always the same bytes', () => {
  assert.deepEqual(syntheticMessage(42), syntheticMessage(42));
  assert.notDeepEqual(syntheticMessage(42), syntheticMessage(43));
});

test('LF and CRLF forms differ only in line ends', () => {
  const lf = syntheticMessage(1234, '\n');
  const crlf = syntheticMessage(1234, '\r\n');
  assert.equal(crlf.toString('latin1'), lf.toString('latin1').replaceAll('\n', '\r\n'));
  assert.ok(!lf.includes('\r'));
});

test('messages are well-formed and 1-7 KB', () => {
  for (let i = 0; i < 300; i++) {
    const text = syntheticMessage(i).toString('latin1');
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    assert.match(head, /^From: .+\r\nTo: .+\r\nSubject: .+\r\nDate: .+\r\nMessage-ID: <synthetic-\d+@/);
    assert.ok(text.length > 1000 && text.length < 7500, `message ${i}: ${text.length} bytes`);
    assert.ok(
      text.split('\r\n').every((l) => l.length <= 998),
      'RFC 5322 §2.1.1 line limit',
    );
  }
});

test('the marker word appears exactly in the messages markerCount counts', () => {
  let found = 0;
  for (let i = 0; i < 2500; i++) {
    const has = syntheticMessage(i).includes(MARKER_WORD);
    assert.equal(has, hasMarker(i), `message ${i}`);
    if (has) found++;
  }
  assert.equal(found, markerCount(2500));
  assert.equal(markerCount(100_000), 100);
  assert.equal(markerCount(7), 0);
  assert.equal(markerCount(8), 1);
  assert.throws(() => syntheticMessage(-1), RangeError);
});

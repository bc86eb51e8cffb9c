import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrlfNormalizer, normalizeCrlf } from '../../src/core/crlf.js';

test('bare LF and bare CR become CRLF; CRLF stays', () => {
  const cases: [string, string][] = [
    ['a\nb', 'a\r\nb'],
    ['a\rb', 'a\r\nb'],
    ['a\r\nb', 'a\r\nb'],
    ['a\n\r\nb', 'a\r\n\r\nb'],
    ['\r\r\n\n', '\r\n\r\n\r\n'],
    ['\n', '\r\n'],
    ['\r', '\r\n'],
    ['', ''],
    ['no line ends', 'no line ends'],
  ];
  for (const [input, want] of cases)
    assert.equal(normalizeCrlf(Buffer.from(input)).toString(), want, JSON.stringify(input));
});

test('every chunking of the input gives the same output', () => {
  const input = Buffer.from('x\r\ny\rz\n\r\r\n\nend\r');
  const want = normalizeCrlf(input).toString();
  for (let a = 0; a <= input.length; a++) {
    for (let b = a; b <= input.length; b++) {
      const n = new CrlfNormalizer();
      const out = Buffer.concat([
        n.push(input.subarray(0, a)),
        n.push(input.subarray(a, b)),
        n.push(input.subarray(b)),
        n.end(),
      ]).toString();
      assert.equal(out, want, `split at ${a},${b}`);
    }
  }
});

test('random bytes: output has no bare CR or LF and keeps every other byte', () => {
  for (let round = 0; round < 200; round++) {
    const len = Math.floor(Math.random() * 64);
    const input = Buffer.from(
      Array.from({ length: len }, () => [10, 13, 97][Math.floor(Math.random() * 3)]!),
    );
    const out = normalizeCrlf(input);
    for (let i = 0; i < out.length; i++) {
      if (out[i] === 13) assert.equal(out[i + 1], 10);
      if (out[i] === 10) assert.equal(out[i - 1], 13);
    }
    assert.equal(out.filter((b) => b === 97).length, input.filter((b) => b === 97).length);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesToString, decodeCharset, isKnownCharset, normalizeCharset } from '../../src/mime/index.js';

test('charsets: TextDecoder, iconv-lite and the fallback', () => {
  const cases: [number[], string | null, string][] = [
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'utf-8', 'café'],
    [[0x63, 0x61, 0x66, 0xe9], 'ISO-8859-1', 'café'],
    [[0x80], 'windows-1252', '€'],
    [[0xc1, 0xc2], 'koi8-r', 'аб'],
    [[0x82, 0xa0], 'shift_jis', 'あ'],
    [[0x82], 'cp437', 'é'], // only iconv-lite knows cp437
    [[0x2b, 0x41, 0x4f, 0x6b, 0x2d], 'utf-7', 'é'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'x-no-such-charset', 'café'], // unknown: valid UTF-8
    [[0x63, 0x61, 0x66, 0xe9], 'x-no-such-charset', 'café'], // unknown: Latin-1
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'us-ascii', 'café'], // mislabelled 8-bit text
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], null, 'café'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], '"UTF-8"', 'café'],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], 'utf-8*en', 'café'], // RFC 2231 language suffix
    [[], 'utf-8', ''],
  ];
  for (const [bytes, cs, want] of cases) assert.equal(decodeCharset(Buffer.from(bytes), cs), want, `${cs}`);
});

test('charset names', () => {
  assert.equal(normalizeCharset(' "ISO-8859-1" '), 'iso-8859-1');
  assert.ok(isKnownCharset('utf-8'));
  assert.ok(isKnownCharset('cp437'));
  assert.ok(!isKnownCharset('x-no-such-charset'));
  assert.equal(bytesToString(Buffer.from([0x4b, 0xf6])), 'Kö');
  assert.equal(bytesToString(Buffer.from('Köln')), 'Köln');
});

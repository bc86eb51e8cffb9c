import assert from 'node:assert/strict';
import { test } from 'node:test';
import { responseToBuffer } from '../../src/protocols/imap/wire/encode.js';
import {
  appendUidCode,
  continuation,
  copyUidCode,
  flagList,
  frameErrorResponse,
  idResponse,
  parseFailureResponse,
  saslChallenge,
  tagged,
  untagged,
  untaggedStatus,
} from '../../src/protocols/imap/wire/responses.js';

test('status responses and continuation (never a bare "+")', () => {
  assert.equal(
    tagged('a1', 'OK', 'SELECT completed', 'READ-WRITE').toString(),
    'a1 OK [READ-WRITE] SELECT completed\r\n',
  );
  assert.equal(tagged('a1', 'NO', 'too big\r\nevil', 'TOOBIG').toString(), 'a1 NO [TOOBIG] too big evil\r\n');
  assert.equal(untaggedStatus('BYE', 'Logging out').toString(), '* BYE Logging out\r\n');
  assert.equal(continuation().toString(), '+ Ready\r\n');
  assert.equal(continuation('').toString(), '+ Ready\r\n');
  assert.equal(continuation('AGFsaWNl').toString(), '+ AGFsaWNl\r\n');
  assert.equal(saslChallenge('').toString(), '+ \r\n');
  assert.equal(saslChallenge('VXNlcm5hbWU6').toString(), '+ VXNlcm5hbWU6\r\n');
  assert.equal(untagged('3 EXISTS').toString(), '* 3 EXISTS\r\n');
  assert.equal(flagList(['\\Seen', '$Junk']), '(\\Seen $Junk)');
});

test('UIDPLUS codes keep source/destination correspondence', () => {
  assert.equal(appendUidCode(38505, [3955]), 'APPENDUID 38505 3955');
  assert.equal(appendUidCode(38505, [10, 11, 12, 14]), 'APPENDUID 38505 10:12,14');
  assert.equal(
    copyUidCode(38505, [304, 319, 320], [3956, 3957, 3958]),
    'COPYUID 38505 304,319:320 3956:3958',
  );
});

test('answers to dropped commands and parse failures', () => {
  assert.equal(
    frameErrorResponse({
      code: 'literal-too-large',
      tag: 'k9',
      message: 'Too big',
      fatal: false,
      responseCode: 'TOOBIG',
    }).toString(),
    'k9 NO [TOOBIG] Too big\r\n',
  );
  assert.equal(
    frameErrorResponse({
      code: 'line-too-long',
      tag: null,
      message: 'Line too long',
      fatal: false,
      responseCode: 'LIMIT',
    }).toString(),
    '* BAD [LIMIT] Line too long\r\n',
  );
  assert.equal(
    parseFailureResponse({
      ok: false,
      tag: 'a',
      code: 'badcharset',
      message: 'Unsupported charset',
    }).toString(),
    'a NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset\r\n',
  );
  assert.equal(
    parseFailureResponse({ ok: false, tag: null, code: 'syntax', message: 'Missing tag' }).toString(),
    '* BAD Missing tag\r\n',
  );
  assert.equal(
    parseFailureResponse({ ok: false, tag: 'b', code: 'syntax', message: 'x' }).toString(),
    'b BAD x\r\n',
  );
});

test('ID response', () => {
  const s = (p: ReturnType<typeof idResponse>) => responseToBuffer(p).toString();
  assert.equal(
    s(
      idResponse([
        ['name', 'Postroom'],
        ['version', null],
      ]),
    ),
    '* ID ("name" "Postroom" "version" NIL)\r\n',
  );
  assert.equal(s(idResponse(null)), '* ID NIL\r\n');
});

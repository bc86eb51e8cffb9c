import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  continuationLine,
  dataLine,
  errLine,
  MAX_RESPONSE_LINE,
  multiline,
  okLine,
} from '../../../src/protocols/pop3/wire/response.js';

test('+OK and -ERR lines with RFC 2449 / RFC 3206 codes', () => {
  assert.equal(okLine(), '+OK\r\n');
  assert.equal(okLine('2 320'), '+OK 2 320\r\n');
  assert.equal(errLine('IN-USE', 'maildrop locked'), '-ERR [IN-USE] maildrop locked\r\n');
  assert.equal(errLine('SYS/TEMP', 'try later'), '-ERR [SYS/TEMP] try later\r\n');
  assert.equal(errLine(null, 'plain'), '-ERR plain\r\n');
});

test('response text can never inject a line', () => {
  assert.equal(errLine('AUTH', 'bad\r\n+OK fake'), '-ERR [AUTH] bad +OK fake\r\n');
  assert.ok(okLine('x'.repeat(5000)).length <= MAX_RESPONSE_LINE);
});

test('SASL continuation is "+ " and base64', () => {
  assert.equal(continuationLine(Buffer.from('Username:').toString('base64')), '+ VXNlcm5hbWU6\r\n');
  assert.equal(continuationLine(''), '+ \r\n');
});

test('multi-line responses are dot-stuffed and terminated', () => {
  assert.equal(dataLine('.x'), '..x\r\n');
  assert.equal(
    multiline('Capability list follows', ['TOP', '.odd']),
    '+OK Capability list follows\r\nTOP\r\n..odd\r\n.\r\n',
  );
  assert.equal(multiline('', []), '+OK\r\n.\r\n');
});

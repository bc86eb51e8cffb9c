// Pure SMTP helpers: header reading, Received fields, rate limits, the error table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MailError } from '../../src/core/errors.js';
import {
  addressesIn,
  dropForgedAuthResults,
  headerLength,
  headerValues,
  messageIdOf,
  parseHeaderBlock,
} from '../../src/protocols/smtp/headers.js';
import { RateLimiter } from '../../src/protocols/smtp/rate-limit.js';
import { receivedHeader, withKeyword } from '../../src/protocols/smtp/received.js';
import { replyForError } from '../../src/protocols/smtp/replies.js';
import { bracketPath } from '../../src/protocols/smtp/server.js';
import { authAllowed, missingHeaders } from '../../src/protocols/smtp/submission.js';

test('header block: folded fields, repeated fields, no body, junk lines', () => {
  const m = Buffer.from(
    'From: A <a@x.test>,\r\n\tB <b@y.test>\r\nX: 1\r\nx: 2\r\nnot a field\r\nMessage-ID:  <id@x.test> (c)\r\n\r\nFrom: body@z.test\r\n',
  );
  const f = parseHeaderBlock(m);
  assert.deepEqual(headerValues(f, 'from'), ['A <a@x.test>, B <b@y.test>']);
  assert.deepEqual(headerValues(f, 'X'), ['1', '2']);
  assert.equal(messageIdOf(f), 'id@x.test');
  assert.equal(headerLength(m), m.indexOf('\r\n\r\n') + 4);
  assert.equal(headerLength(Buffer.from('\r\nbody')), 2);
  assert.equal(headerLength(Buffer.from('A: 1\r\n')), 6, 'no blank line: all header');
  assert.deepEqual(parseHeaderBlock(Buffer.from('\r\nFrom: x@y\r\n')), [], 'empty header block');
  assert.equal(messageIdOf(parseHeaderBlock(Buffer.from('Subject: x\r\n\r\n'))), null);
});

test('addresses in From: groups flattened, lower case, display names dropped', () => {
  assert.deepEqual(addressesIn('"Doe, J" <J.Doe@X.test>, undisclosed:;, Team: a@t.test, b@t.test;'), [
    'j.doe@x.test',
    'a@t.test',
    'b@t.test',
  ]);
  assert.deepEqual(addressesIn('garbage without at'), []);
});

test('missing Message-ID and Date are added, present ones kept', () => {
  const now = new Date('2026-11-22T03:00:00Z');
  const add = missingHeaders(parseHeaderBlock(Buffer.from('Subject: x\r\n\r\n')), 'mx.test', now);
  assert.match(add, /^Message-ID: <[0-9a-f]{24}@mx\.test>\r\nDate: Sun, 22 Nov 2026 03:00:00 \+0000\r\n$/);
  assert.equal(
    missingHeaders(parseHeaderBlock(Buffer.from('Message-Id: <a@b>\r\nDATE: x\r\n\r\n')), 'mx.test', now),
    '',
  );
});

test('Received field: RFC 3848 keyword, IPv6 literal, for clause only for one recipient, no injection', () => {
  assert.deepEqual(
    [
      withKeyword(false, false, false),
      withKeyword(true, false, false),
      withKeyword(true, true, false),
      withKeyword(true, true, true),
    ],
    ['SMTP', 'ESMTP', 'ESMTPS', 'ESMTPSA'],
  );
  const r = receivedHeader({
    helo: 'evil\r\nBcc: x',
    clientName: null,
    clientAddress: '2001:db8::1',
    by: 'mx.test',
    esmtp: true,
    secure: true,
    authenticated: false,
    id: 'abc',
    forAddress: 'u@mx.test',
    tlsInfo: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
    date: new Date('2026-11-22T03:00:00Z'),
  });
  assert.equal(
    r,
    'Received: from evilBcc: x ([IPv6:2001:db8::1])\r\n\tby mx.test with ESMTPS (TLSv1.3 TLS_AES_256_GCM_SHA384) id abc\r\n\tfor <u@mx.test>; Sun, 22 Nov 2026 03:00:00 +0000\r\n',
  );
});

test('rate limiter: sliding window per key', () => {
  const rl = new RateLimiter({ limit: 3, windowMs: 1000 }, 2);
  assert.ok(rl.take('a', 1, 0) && rl.take('a', 2, 10));
  assert.equal(rl.take('a', 1, 20), false, 'fourth within the window');
  assert.ok(rl.take('b', 3, 20), 'another key is independent');
  assert.ok(rl.take('a', 1, 1001), 'the first event left the window');
  assert.equal(rl.take('a', 3, 1002), false);
  assert.ok(rl.take('c', 1, 5000) && rl.take('d', 1, 5000), 'pruning keeps working past maxKeys');
});

test('domain errors map to SMTP replies with enhanced codes', () => {
  const cases: [MailError | Error, number, string][] = [
    [new MailError('NotFound', 'x'), 550, '5.1.1'],
    [new MailError('OverQuota', 'x'), 452, '4.2.2'],
    [new MailError('TooBig', 'x'), 552, '5.3.4'],
    [new MailError('NoPermission', 'x'), 550, '5.7.1'],
    [new MailError('Limit', 'x'), 452, '4.5.3'],
    [new MailError('Unavailable', 'x'), 451, '4.3.0'],
    [new Error('driver'), 451, '4.3.0'],
  ];
  for (const [e, code, enh] of cases) {
    const r = replyForError(e, 'u@x.test');
    assert.equal(r.responseCode, code);
    assert.ok(r.message.startsWith(`${enh} `), r.message);
  }
});

test('bracketPath adds the angle brackets some clients leave out, and nothing else', () => {
  assert.equal(bracketPath('MAIL FROM:a@b.test'), 'MAIL FROM:<a@b.test>');
  assert.equal(bracketPath('MAIL FROM: a@b.test SIZE=10'), 'MAIL FROM: <a@b.test> SIZE=10');
  assert.equal(bracketPath('rcpt to:x@y.test'), 'rcpt to:<x@y.test>');
  assert.equal(bracketPath('MAIL FROM:<a@b.test>'), 'MAIL FROM:<a@b.test>');
  assert.equal(bracketPath('MAIL FROM:<>'), 'MAIL FROM:<>');
  assert.equal(bracketPath('EHLO x'), 'EHLO x');
});

test('forged Authentication-Results with our authserv-id are dropped, others kept byte for byte', () => {
  const m = Buffer.from(
    'Authentication-Results: MX.example.test; dkim=pass\r\n\t(forged) header.d=bank.test\r\n' +
      'Received: x\r\n' +
      'Authentication-Results: mx.other.test; spf=pass\r\n' +
      'Authentication-Results: (comment) mx.example.test;\r\n spf=pass\r\n' +
      'Subject: Authentication-Results: mx.example.test; in a subject\r\n\r\n' +
      'Authentication-Results: mx.example.test; body stays\r\n',
  );
  const out = dropForgedAuthResults(m, 'mx.example.test').toString('latin1');
  assert.equal(
    out,
    'Received: x\r\nAuthentication-Results: mx.other.test; spf=pass\r\n' +
      'Subject: Authentication-Results: mx.example.test; in a subject\r\n\r\n' +
      'Authentication-Results: mx.example.test; body stays\r\n',
  );
  const clean = Buffer.from('Subject: x\r\n\r\nbody\r\n');
  assert.equal(
    dropForgedAuthResults(clean, 'mx.example.test'),
    clean,
    'untouched messages are the same buffer',
  );
});

test('AUTH is allowed (and offered in EHLO) over TLS, or in plaintext from loopback when allowed', () => {
  const cases: [boolean, string, boolean, boolean][] = [
    [true, '203.0.113.5', false, true],
    [false, '203.0.113.5', true, false],
    [false, '::ffff:203.0.113.5', true, false],
    [false, '127.0.0.1', true, true],
    [false, '::ffff:127.0.0.1', true, true],
    [false, '::1', true, true],
    [false, '127.0.0.1', false, false],
    [false, '', true, false],
  ];
  for (const [secure, addr, loop, want] of cases)
    assert.equal(authAllowed(secure, addr, loop), want, `${secure} ${addr} ${loop}`);
});

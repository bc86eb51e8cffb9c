import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeDsn, headerBlock } from '../../src/outbound/dsn.js';

const original = Buffer.from(
  'From: a@src.test\r\nTo: b@dst.test\r\nSubject: hello\r\nMessage-ID: <m1@src.test>\r\n\r\nsecret body line\r\n',
);

function parts(dsn: string): { headers: string; parts: string[] } {
  const m = /boundary="([^"]+)"/.exec(dsn);
  assert.ok(m, 'has a boundary');
  const [head, ...rest] = dsn.split(`--${m[1]}`);
  assert.equal(rest.at(-1), '--\r\n', 'closing delimiter ends the message');
  return { headers: head!, parts: rest.slice(0, -1) };
}

test('headerBlock stops at the blank line', () => {
  assert.equal(headerBlock(original).toString(), original.toString().split('\r\n\r\n')[0] + '\r\n');
  assert.equal(headerBlock(Buffer.from('A: 1\nB: 2\n\nbody')).toString(), 'A: 1\nB: 2\n');
  assert.equal(headerBlock(Buffer.from('no end')).toString(), 'no end');
});

test('a failure DSN is a multipart/report with delivery-status and the original headers only', () => {
  const now = new Date('2026-11-22T03:00:00Z');
  const dsn = composeDsn({
    reportingMta: 'mx.src.test',
    to: 'a@src.test',
    arrivalDate: new Date('2026-11-22T02:00:00Z'),
    now,
    original,
    queueId: 'q42',
    recipients: [
      {
        recipient: 'b@dst.test',
        original: 'alias@dst.test',
        action: 'failed',
        status: '5.1.1',
        diagnostic: 'smtp; 550 5.1.1 no such user',
        remoteMta: 'mx.dst.test',
        lastAttempt: now,
      },
    ],
  }).toString();
  const { headers, parts: p } = parts(dsn);
  assert.match(headers, /^From: Mail Delivery System <MAILER-DAEMON@mx\.src\.test>\r\n/);
  assert.match(headers, /\r\nTo: <a@src\.test>\r\n/);
  assert.match(headers, /\r\nAuto-Submitted: auto-replied\r\n/);
  assert.match(headers, /Content-Type: multipart\/report; report-type=delivery-status;/);
  assert.equal(p.length, 3);
  assert.match(p[0]!, /Content-Type: text\/plain/);
  assert.match(p[0]!, /b@dst\.test: smtp; 550 5\.1\.1 no such user/);
  assert.match(
    p[1]!,
    /^\r\nContent-Type: message\/delivery-status\r\n\r\nReporting-MTA: dns; mx\.src\.test\r\n/,
  );
  for (const line of [
    'Original-Recipient: rfc822; alias@dst.test',
    'Final-Recipient: rfc822; b@dst.test',
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; mx.dst.test',
    'Diagnostic-Code: smtp; 550 5.1.1 no such user',
    'Last-Attempt-Date: Sun, 22 Nov 2026 03:00:00 +0000',
    'Arrival-Date: Sun, 22 Nov 2026 02:00:00 +0000',
  ]) {
    assert.ok(p[1]!.includes(`${line}\r\n`), line);
  }
  assert.match(p[2]!, /Content-Type: text\/rfc822-headers\r\n\r\nFrom: a@src\.test\r\n/);
  assert.ok(p[2]!.includes('Message-ID: <m1@src.test>'));
  assert.ok(!dsn.includes('secret body line'), 'body is not returned');
  assert.ok(!/[^\r]\n/.test(dsn), 'CRLF line ends only');
});

test('a delayed DSN says so; header injection through diagnostics is neutralised', () => {
  const now = new Date('2026-11-22T03:00:00Z');
  const dsn = composeDsn({
    reportingMta: 'mx.src.test',
    to: 'a@src.test',
    arrivalDate: now,
    now,
    original,
    recipients: [
      {
        recipient: 'c@dst.test',
        action: 'delayed',
        status: '4.4.1',
        diagnostic: 'connection refused\r\nBcc: evil@x.test',
        remoteMta: null,
        lastAttempt: now,
        willRetryUntil: new Date('2026-11-27T03:00:00Z'),
      },
    ],
  }).toString();
  assert.match(dsn, /Subject: Delayed Mail/);
  assert.match(dsn, /Action: delayed\r\n/);
  assert.match(dsn, /Will-Retry-Until: Fri, 27 Nov 2026 03:00:00 \+0000\r\n/);
  assert.match(dsn, /Diagnostic-Code: x-postroom; connection refused Bcc: evil@x\.test\r\n/);
  assert.ok(!/\r\nBcc:/.test(dsn));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vacationRefusal, vacationSubject } from '../../src/sieve/index.js';

function input(headers: Record<string, string>, envelopeFrom = 'friend@other.org') {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    envelopeFrom,
    header: (n: string) => (h[n.toLowerCase()] === undefined ? [] : [h[n.toLowerCase()]!]),
    ownAddresses: ['me@example.com', 'alias@example.com'],
  };
}

test('vacation: a personal message to us gets a reply', () => {
  assert.equal(vacationRefusal(input({ To: 'Me <me@example.com>' })), null);
  assert.equal(vacationRefusal(input({ To: 'x@y.z', Cc: 'ALIAS@example.com' })), null);
  assert.equal(vacationRefusal(input({ To: 'x@y.z', 'Auto-Submitted': 'no' })) !== null, true); // not to us
  assert.equal(vacationRefusal(input({ To: 'me@example.com', 'Auto-Submitted': 'no' })), null);
});

test('vacation: never to bounces, lists, bulk mail, auto replies, or ourselves (RFC 5230 §4.5)', () => {
  const to = { To: 'me@example.com' };
  const refused: [Record<string, string>, string][] = [
    [{ ...to, 'Auto-Submitted': 'auto-replied' }, 'friend@other.org'],
    [{ ...to, 'List-Id': '<x.y>' }, 'friend@other.org'],
    [{ ...to, 'List-Unsubscribe': '<mailto:u@x>' }, 'friend@other.org'],
    [{ ...to, Precedence: 'bulk' }, 'friend@other.org'],
    [{ ...to, Precedence: 'junk' }, 'friend@other.org'],
    [{ ...to, Precedence: 'List' }, 'friend@other.org'],
    [to, ''],
    [to, 'MAILER-DAEMON@other.org'],
    [to, 'owner-list@other.org'],
    [to, 'list-request@other.org'],
    [to, 'me@example.com'],
    [{ To: 'someone@else.org' }, 'friend@other.org'],
  ];
  for (const [h, from] of refused)
    assert.notEqual(vacationRefusal(input(h, from)), null, JSON.stringify([h, from]));
});

test('vacation: default subject', () => {
  assert.equal(vacationSubject('Lunch?'), 'Auto: Lunch?');
  assert.equal(vacationSubject(undefined), 'Automated reply');
});

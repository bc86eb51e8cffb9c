// IMAP URL parser (RFC 5092, RFC 4467 §3): table of valid and malformed URLs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ImapUrl, parseImapUrl } from '../../src/protocols/imap/wire/imap-url.js';

function ok(s: string): ImapUrl {
  const r = parseImapUrl(s);
  if (!r.ok) throw new Error(`${s}: ${r.error}`);
  return r.url;
}

test('absolute URLs: user, host, port, mailbox, UIDVALIDITY, UID, SECTION, PARTIAL', () => {
  const u = ok(
    'imap://fred%40example.com;AUTH=*@mail.Example.com:143/a%20b/c;UIDVALIDITY=785799047/;UID=113330/;SECTION=1.5.9/;PARTIAL=10.20',
  );
  assert.equal(u.base, 'absolute');
  assert.equal(u.user, 'fred@example.com');
  assert.equal(u.host, 'mail.example.com');
  assert.equal(u.port, 143);
  assert.equal(u.mailbox, 'a b/c');
  assert.equal(u.uidValidity, 785799047);
  assert.equal(u.uid, 113330);
  assert.equal(u.sectionText, '1.5.9');
  assert.deepEqual(u.section, { part: [1, 5, 9], text: null });
  assert.deepEqual(u.partial, { offset: 10, length: 20 });
  assert.equal(u.urlauth, null);

  const v = ok('imap://h/inbox/;uid=7/;section=HEADER.FIELDS%20(From%20To)/;partial=5');
  assert.equal(v.mailbox, 'INBOX');
  assert.equal(v.user, null);
  assert.deepEqual(v.section, {
    part: [],
    text: { kind: 'HEADER.FIELDS', not: false, fields: ['From', 'To'] },
  });
  assert.deepEqual(v.partial, { offset: 5, length: null });
  assert.equal(ok('imap://h').mailbox, null);
  assert.equal(ok('imap://h/Sent/').mailbox, 'Sent');
  assert.equal(ok('imap://h/%E2%82%AC/;UID=1').mailbox, '\u20ac');
  assert.equal(ok('imap://[::1]:1143/INBOX/;UID=1').host, '[::1]');
});

test('relative URLs: server path and selected mailbox (RFC 5092 §7.2)', () => {
  const a = ok('/INBOX;UIDVALIDITY=5/;UID=20/;section=text');
  assert.equal(a.base, 'server');
  assert.equal(a.mailbox, 'INBOX');
  assert.equal(a.host, null);
  assert.deepEqual(a.section, { part: [], text: { kind: 'TEXT' } });
  const b = ok(';UID=20/;SECTION=1.TEXT');
  assert.equal(b.base, 'mailbox');
  assert.equal(b.mailbox, null);
  assert.equal(b.uid, 20);
  assert.deepEqual(b.section, { part: [1], text: { kind: 'TEXT' } });
  assert.equal(ok('/;UID=3').uid, 3);
  assert.equal(ok('/Work/Projects/;uid=3').mailbox, 'Work/Projects');
});

test('URLAUTH: rump, expiry, access identifiers, mechanism and token (RFC 4467 §3)', () => {
  const token = '91354a473744909de610943775f92038';
  const s = `imap://joe@example.com/INBOX/;uid=20/;section=1.2;expire=2006-11-01T00:00:00Z;urlauth=submit+fred:internal:${token}`;
  const u = ok(s);
  assert.ok(u.urlauth);
  assert.equal(u.urlauth.rump, s.slice(0, s.indexOf(':internal:')));
  assert.equal(u.urlauth.expire, Date.UTC(2006, 10, 1));
  assert.deepEqual(u.urlauth.access, { kind: 'submit', user: 'fred' });
  assert.equal(u.urlauth.mechanism, 'INTERNAL');
  assert.equal(u.urlauth.token, token);
  // A rump (GENURLAUTH input): no verifier; a raw "@" in the user (imaptest).
  const r = ok('imap://t1@example.test/box/;uid=1;urlauth=user+t1@example.test');
  assert.deepEqual(r.urlauth?.access, { kind: 'user', user: 't1@example.test' });
  assert.equal(r.urlauth?.mechanism, null);
  assert.equal(r.urlauth?.rump, 'imap://t1@example.test/box/;uid=1;urlauth=user+t1@example.test');
  assert.deepEqual(ok('imap://h/b/;UID=1;URLAUTH=authuser').urlauth?.access, { kind: 'authuser' });
  assert.deepEqual(ok('imap://h/b/;UID=1;URLAUTH=anonymous').urlauth?.access, { kind: 'anonymous' });
  assert.equal(
    ok('imap://h/b/;UID=1;EXPIRE=2030-01-01T10:00:00.5+02:00;URLAUTH=authuser').urlauth?.expire,
    Date.UTC(2030, 0, 1, 8, 0, 0, 500),
  );
});

test('malformed URLs are refused with a reason', () => {
  const bad = [
    '',
    'http://h/INBOX/;UID=1',
    'INBOX/;UID=1',
    'imap://h/INBOX/;UID=0',
    'imap://h/INBOX/;UID=x',
    'imap://h/INBOX/;UID=99999999999',
    'imap://h/INBOX;UID=1', // UID needs "/"
    'imap://h/INBOX/;UIDVALIDITY=1', // UIDVALIDITY takes no "/"
    'imap://h/INBOX/;UID=1/;SECTION=1..2',
    'imap://h/INBOX/;UID=1/;SECTION=BOGUS',
    'imap://h/INBOX/;UID=1/;PARTIAL=a.1',
    'imap://h/INBOX/;UID=1/;PARTIAL=1.0',
    'imap://h/INBOX/;UID=1;EXPIRE=tomorrow;URLAUTH=authuser',
    'imap://h/INBOX/;UID=1;EXPIRE=2030-01-01T00:00:00Z',
    'imap://h/INBOX/;UID=1;URLAUTH=everyone',
    'imap://h/INBOX/;UID=1;URLAUTH=user+',
    'imap://h/INBOX/;UID=1;FOO=1',
    'imap://h/INBOX?SUBJECT%20x',
    'imap://h/%ZZ/;UID=1',
    'imap://h/%FF/;UID=1',
    'imap://h//;UID=1',
    'imap://h/IN BOX/;UID=1',
    ';SECTION=1',
    'imap://h/INBOX/;UID=1/;SECTION=MIME',
    'imap://h:99999999/INBOX',
    `imap://h/${'a'.repeat(9000)}`,
  ];
  for (const s of bad) {
    const r = parseImapUrl(s);
    assert.equal(r.ok, false, `should refuse ${JSON.stringify(s.slice(0, 60))}`);
    if (!r.ok) assert.ok(r.error.length > 0);
  }
});

test('random garbage never throws', () => {
  const alphabet = 'imap:/;=.%@+UIDSECTONPARLHXEW019aZ ';
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 3000; i++) {
    let s = i % 2 ? 'imap://h/INBOX/;UID=1' : '';
    const n = rnd() % 30;
    for (let j = 0; j < n; j++) s += alphabet[rnd() % alphabet.length];
    parseImapUrl(s);
  }
});

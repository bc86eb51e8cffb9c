// CLIENT-QUIRKS rule 9 with MULTIAPPEND (RFC 3502): the server files its own copy of a
// submitted message in Sent, the client MULTIAPPENDs its copies there; whichever comes
// first, each message stays in Sent once. Real clients on real sockets: nodemailer on the
// submission port, a raw IMAP client for MULTIAPPEND and for counting.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import type { PortName } from '../../../src/config/ports.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { RawImap } from '../helpers/raw-client.js';

const OTHERS: PortName[] = ['smtp', 'submissions', 'imaps', 'pop3', 'pop3s', 'http', 'https', 'managesieve'];

let srv: TestServer;
let imap: RawImap;
before(async () => {
  srv = await startTestServer({ disable: OTHERS });
  imap = await RawImap.open(srv.ports.imap!);
  await imap.login(srv.user.address, `"${srv.user.password}"`);
});
after(async () => {
  imap?.close();
  await srv?.stop();
});

const run = randomBytes(4).toString('hex');
const mid = (name: string) => `${name}.${run}@example.test`;

function message(name: string): string {
  const to = srv.user.address;
  return `From: <${to}>\r\nTo: <${to}>\r\nSubject: ${name}\r\nMessage-ID: <${mid(name)}>\r\n\r\nbody of ${name}\r\n`;
}

async function submit(name: string): Promise<void> {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port: srv.ports.submission!,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: srv.user.address, pass: srv.user.password },
  });
  try {
    const info = await t.sendMail({
      envelope: { from: srv.user.address, to: [srv.user.address] },
      raw: message(name),
    });
    assert.match(info.response, /^250 /);
  } finally {
    t.close();
  }
}

let tag = 0;
/** One APPEND command with a LITERAL+ literal per message: MULTIAPPEND when several. */
async function multiappend(names: string[]): Promise<string> {
  const t = `m${++tag}`;
  const parts = names.map((n) => {
    const m = message(n);
    return ` (\\Seen) {${Buffer.byteLength(m)}+}\r\n${m}`;
  });
  const r = await imap.command(t, `APPEND Sent${parts.join('')}`);
  assert.match(r.at(-1)!, new RegExp(`^${t} OK \\[APPENDUID `), r.join('\n'));
  return r.at(-1)!;
}

/** The UIDs of an `[APPENDUID v set]` code, in order (`3:5` is 3,4,5; `5:3` is 5,4,3). */
function appendUids(line: string): number[] {
  const set = /\[APPENDUID \d+ ([\d:,]+)\]/.exec(line)![1]!;
  return set.split(',').flatMap((r) => {
    const [a, b = a] = r.split(':').map(Number) as [number, number?];
    const step = a <= b ? 1 : -1;
    return Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => a + i * step);
  });
}

/** UIDs in Sent holding the message `name`, through IMAP SEARCH. */
async function inSent(name: string): Promise<number[]> {
  const t = `s${++tag}`;
  await imap.command(`${t}x`, 'EXAMINE Sent');
  const r = await imap.command(t, `UID SEARCH HEADER Message-ID "<${mid(name)}>"`);
  assert.match(r.at(-1)!, new RegExp(`^${t} OK`));
  const line = r.find((l) => l.startsWith('* SEARCH')) ?? '* SEARCH';
  return line.slice('* SEARCH'.length).trim().split(' ').filter(Boolean).map(Number);
}

test('submission first, then MULTIAPPEND into \\Sent: the server copy is kept, APPENDUID names it, the new one is stored', async () => {
  await submit('a1');
  const [own] = await inSent('a1');
  assert.ok(own, 'the server filed its copy');
  const ok = await multiappend(['a2', 'a1']);
  const [a2] = await inSent('a2');
  assert.ok(a2);
  // APPENDUID lists the messages in command order: the new one, then the existing copy.
  assert.deepEqual(appendUids(ok), [a2, own], ok);
  assert.deepEqual(await inSent('a1'), [own]);
  // And a later submission of a2 files nothing more.
  await submit('a2');
  assert.deepEqual(await inSent('a2'), [a2]);
});

test('MULTIAPPEND into \\Sent first, then the submissions: one copy of each', async () => {
  await multiappend(['b1', 'b2', 'b3']);
  const before = [await inSent('b1'), await inSent('b2'), await inSent('b3')];
  for (const uids of before) assert.equal(uids.length, 1);
  await submit('b1');
  await submit('b3');
  assert.deepEqual([await inSent('b1'), await inSent('b2'), await inSent('b3')], before);
});

test('MULTIAPPEND naming the same message twice stores it once', async () => {
  await multiappend(['c1', 'c1', 'c2']);
  assert.equal((await inSent('c1')).length, 1);
  assert.equal((await inSent('c2')).length, 1);
});

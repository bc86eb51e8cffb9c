// curl's pop3:// and pop3s:// client: LIST, RETR, UIDL, DELE (via -X), TOP, STLS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { run, which } from '../helpers/clients.js';
import { openTarget } from '../helpers/open-target.js';
import type { Pop3Target } from '../helpers/target.js';

let f: Pop3Target;
const curl = which('curl');
before(async () => {
  f = await openTarget();
});
after(() => f.close());

const body1 = 'From: a@example.test\r\nSubject: curl one\r\n\r\nfirst\r\n.dotted\r\n';
const body2 = 'From: b@example.test\r\nSubject: curl two\r\n\r\nsecond\r\n';

async function c(args: string[]): Promise<string> {
  const r = await run(curl!, ['-sS', '--user', `${f.user}:${f.password}`, ...args], 30_000);
  assert.equal(r.code, 0, `curl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString('latin1');
}

test('curl: LIST, RETR, UIDL, TOP, DELE; STLS and pop3s', async (t) => {
  if (!curl) return t.skip('curl is not installed');
  const u1 = await f.deliver(body1);
  const u2 = await f.deliver(body2);
  const base = `pop3://127.0.0.1:${f.port}`;
  assert.equal(await c([`${base}/`]), `1 ${body1.length}\r\n2 ${body2.length}\r\n`);
  assert.equal(await c([`${base}/1`]), body1.replace('\r\n.dotted', '\r\n.dotted'));
  assert.equal(await c(['-X', 'UIDL', `${base}/`]), `1 ${u1}\r\n2 ${u2}\r\n`);
  assert.equal(await c(['-X', 'TOP 2 0', `${base}/`]), 'From: b@example.test\r\nSubject: curl two\r\n\r\n');
  // STLS required, then RETR over TLS.
  assert.equal(await c(['-k', '--ssl-reqd', `${base}/2`]), body2);
  assert.equal(await c(['-k', `pop3s://127.0.0.1:${f.tlsPort}/2`]), body2);
  // DELE: curl sends DELE then QUIT; the message is gone only afterwards.
  await c(['-X', 'DELE 1', '-I', `${base}/`]);
  assert.deepEqual(await f.inbox(), [u2]);
  assert.equal(await c([`${base}/`]), `1 ${body2.length}\r\n`);
});

test('curl: wrong password fails cleanly', async (t) => {
  if (!curl) return t.skip('curl is not installed');
  const r = await run(curl, ['-sS', '--user', `${f.user}:nope`, `pop3://127.0.0.1:${f.port}/`], 30_000);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /denied|auth|67/i);
});

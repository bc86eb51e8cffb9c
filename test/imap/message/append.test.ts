// APPEND / MULTIAPPEND / REPLACE: flags and dates, APPENDUID, atomic MULTIAPPEND,
// [TRYCREATE], [TOOBIG], a 20 MB streamed APPEND, UTF8 literals, and the Sent-copy
// deduper shared with SMTP.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, flowClient, literalAfter } from './bytes-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ maxMessageSize: 30 * 1024 * 1024 });
});
after(async () => {
  await srv.stop();
});

function appendCmd(
  mailbox: string,
  msgs: Array<{ flags?: string; date?: string; body: Buffer; utf8?: boolean }>,
): Buffer {
  const parts: Buffer[] = [Buffer.from(`APPEND ${mailbox}`)];
  for (const m of msgs) {
    let head = '';
    if (m.flags !== undefined) head += ` (${m.flags})`;
    if (m.date) head += ` "${m.date}"`;
    head += m.utf8 ? ` UTF8 (~{${m.body.length}+}\r\n` : ` {${m.body.length}+}\r\n`;
    parts.push(Buffer.from(head), m.body);
    if (m.utf8) parts.push(Buffer.from(')'));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

test('APPEND with flags and date: APPENDUID, stored bytes, INTERNALDATE; [TRYCREATE]', async () => {
  const c = await BytesImap.open(srv.port);
  const body = Buffer.from(message('appended', 'Appended body.\r\n'));
  const r = await c.command(
    'a',
    appendCmd('Drafts', [{ flags: '\\Draft $Todo', date: '05-Feb-2026 10:11:12 +0200', body }]),
  );
  const drafts = await srv.mailbox('Drafts');
  const m = new RegExp(`^a OK \\[APPENDUID ${drafts.uidValidity} (\\d+)\\]`, 'm').exec(r.toString());
  assert.ok(m, r.toString());
  await c.command('s', 'EXAMINE Drafts');
  const f = await c.command('f', `UID FETCH ${m[1]} (FLAGS INTERNALDATE BODY.PEEK[])`);
  assert.match(f.toString(), /FLAGS \((\\Recent )?(\\Draft \$Todo|\$Todo \\Draft)\)/);
  assert.match(f.toString(), /INTERNALDATE " 5-Feb-2026 08:11:12 \+0000"/);
  assert.deepEqual(literalAfter(f, 'BODY[]'), body);
  const t = await c.command('t', appendCmd('Nope/Box', [{ body }]));
  assert.match(t.toString(), /^t NO \[TRYCREATE\]/m);
  const bad = await c.command('b', appendCmd('Drafts', [{ flags: '\\Bogus', body }]));
  assert.match(bad.toString(), /^b (NO|BAD)/m);
  c.close();
});

test('MULTIAPPEND is all-or-nothing; UTF8 literal accepted', async () => {
  const c = await BytesImap.open(srv.port);
  const before = (await srv.mailbox('Archive')).messages;
  const one = Buffer.from(message('multi 1'));
  const two = Buffer.from(message('multi 2'));
  const r = await c.command('a', appendCmd('Archive', [{ body: one }, { body: two, utf8: true }]));
  assert.match(r.toString(), /^a OK \[APPENDUID \d+ \d+:\d+\]/m);
  assert.equal((await srv.mailbox('Archive')).messages, before + 2);
  // The second message has a bad flag: nothing is stored.
  const x = await c.command('b', appendCmd('Archive', [{ body: one }, { flags: '\\Nonsense', body: two }]));
  assert.match(x.toString(), /^b (NO|BAD)/m);
  assert.equal((await srv.mailbox('Archive')).messages, before + 2);
  c.close();
});

test('a 20 MB APPEND through imapflow streams and reads back byte for byte', async () => {
  const line = `${'y'.repeat(998)}\r\n`;
  const body = Buffer.from(message('twenty megabytes', line.repeat(20 * 1024)));
  const f = flowClient(srv);
  await f.connect();
  const res = await f.append('Archive', body, ['\\Seen']);
  assert.ok(res ? res.uid : false);
  if (!res) return;
  await f.mailboxOpen('Archive');
  const dl = await f.download(String(res.uid), undefined, { uid: true });
  const h = createHash('sha256');
  for await (const ch of dl.content!) h.update(ch as Buffer);
  assert.equal(h.digest('hex'), createHash('sha256').update(body).digest('hex'));
  await f.logout();
});

test('APPEND over the message size limit: [TOOBIG] before the literal is sent', async () => {
  const c = await BytesImap.open(srv.port);
  const r = await c.command('a', `APPEND Archive {${40 * 1024 * 1024}}`);
  assert.match(r.toString(), /^a NO \[TOOBIG\]/m);
  c.close();
});

test('APPEND into \\Sent after the server filed its own copy: one message, same UID', async () => {
  const sent = await srv.mailbox('Sent');
  const raw = message('sent once');
  const own = await srv.core.sentCopies.appendOnce(srv.userId, sent, Readable.from([Buffer.from(raw)]), {
    flags: ['\\Seen'],
  });
  const c = await BytesImap.open(srv.port);
  const r = await c.command('a', appendCmd('Sent', [{ flags: '\\Seen', body: Buffer.from(raw) }]));
  assert.match(r.toString(), new RegExp(`^a OK \\[APPENDUID ${sent.uidValidity} ${own.uid}\\]`, 'm'));
  assert.equal((await srv.mailbox('Sent')).messages, sent.messages + 1);
  // And the other order: a client APPEND first, then the server's copy is a duplicate.
  const raw2 = message('sent twice');
  const r2 = await c.command('b', appendCmd('Sent', [{ body: Buffer.from(raw2) }]));
  const uid2 = Number(/APPENDUID \d+ (\d+)/.exec(r2.toString())![1]);
  const dup = await srv.core.sentCopies.appendOnce(srv.userId, sent, Readable.from([Buffer.from(raw2)]));
  assert.equal(dup.duplicate, true);
  assert.equal(dup.uid, uid2);
  c.close();
});

test('REPLACE and UID REPLACE: new message appended, old one expunged, APPENDUID', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('a0', appendCmd('Drafts', [{ flags: '\\Draft', body: Buffer.from(message('draft v1')) }]));
  await c.command('s', 'SELECT Drafts');
  const count = (await srv.mailbox('Drafts')).messages;
  const r = await c.command(
    'r',
    Buffer.concat([
      Buffer.from(`REPLACE ${count} Drafts (\\Draft) {${message('draft v2').length}+}\r\n`),
      Buffer.from(message('draft v2')),
      Buffer.from('\r\n'),
    ]),
  );
  const s = r.toString();
  assert.match(s, /^\* OK \[APPENDUID \d+ \d+\]/m);
  assert.match(s, new RegExp(`^\\* ${count} EXPUNGE\\r$`, 'm'));
  assert.match(s, /^\* \d+ EXISTS\r$/m);
  assert.match(s, /^r OK/m);
  assert.equal((await srv.mailbox('Drafts')).messages, count);
  const u = await c.command('u', Buffer.from(`UID REPLACE 99999 Drafts {5+}\r\nx: y\n\r\n`));
  assert.match(u.toString(), /^u NO/m);
  c.close();
});

test('LITERAL+ (RFC 7888 §3): a 100 KB non-synchronising APPEND and a command pipelined behind it', async () => {
  // imaptest sends APPEND bodies without waiting for "+" only when LITERAL+ is advertised;
  // with LITERAL- it waited for "+" and could not cope with NO [TRYCREATE] before it.
  const c = await BytesImap.open(srv.port);
  const caps = (await c.command('c', 'CAPABILITY')).toString();
  assert.match(caps, / LITERAL\+/);
  assert.doesNotMatch(caps, / LITERAL-/);
  const body = Buffer.from(message('big non-sync', `${'z'.repeat(100)}\r\n`.repeat(1000)));
  assert.ok(body.length > 100_000);
  c.write(Buffer.concat([Buffer.from('a '), appendCmd('Drafts', [{ body }]), Buffer.from('n NOOP\r\n')]));
  const got = await c.waitFor(/^n (OK|NO|BAD)/m);
  assert.match(got, /^a OK \[APPENDUID \d+ \d+\]/m);
  assert.match(got, /^n OK/m);
  assert.doesNotMatch(got, /^\+ /m);
  // To a missing mailbox the body is read, then NO [TRYCREATE]; the stream stays in sync.
  const t = await c.command('t', appendCmd('Nope', [{ body }]));
  assert.match(t.toString(), /^t NO \[TRYCREATE\]/m);
  assert.match((await c.command('m', 'NOOP')).toString(), /^m OK/m);
  c.close();
});

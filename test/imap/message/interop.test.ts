// Message commands through other real clients: Python imaplib (every command), curl
// imap:// fetches, and mbsync (isync) syncing two ways with a local Maildir.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { python, run, which } from '../../pop3/helpers/clients.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  await srv.deliver(message('first for clients', 'Body one.\r\n'));
  await srv.deliver(message('Grüße', 'Zweiter Körper.\r\n'));
});
after(async () => {
  await srv.stop();
});

const SCRIPT = `
import imaplib, json, sys, time
port = int(sys.argv[1])
out = {}
m = imaplib.IMAP4('127.0.0.1', port)
m.login('alice@example.test', 'Secret-1')
m.select('INBOX')
typ, d = m.fetch('1', '(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE UID)')
out['fetch_meta'] = d[0].decode()
typ, d = m.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT]<0.4>)')
out['fetch_parts'] = [x[1].decode() for x in d if isinstance(x, tuple)]
typ, d = m.fetch('1', '(RFC822)')
out['rfc822_len'] = len(d[0][1])
out['seen'] = m.fetch('1', '(FLAGS)')[1][0].decode()
out['store'] = m.store('2', '+FLAGS', '(\\\\Flagged)')[1][0].decode()
out['search'] = m.search(None, 'FLAGGED')[1][0].decode()
out['search_utf8'] = m.search('UTF-8', 'SUBJECT', '"Gr\\u00fc\\u00dfe"'.encode('utf-8'))[1][0].decode() if False else m.uid('SEARCH', 'CHARSET', 'UTF-8', 'BODY', 'Zweiter')[1][0].decode()
out['sort'] = m.sort('(REVERSE ARRIVAL)', 'UTF-8', 'ALL')[1][0].decode()
out['thread'] = m.thread('REFERENCES', 'UTF-8', 'ALL')[1][0].decode()
out['copy'] = list(m.copy('1', 'Archive'))[0]
out['uid_copy'] = m.uid('COPY', '1:*', 'Archive')[0]
out['append'] = m.append('Drafts', '(\\\\Draft)', imaplib.Time2Internaldate(time.time()), b'Subject: py draft\\r\\n\\r\\nhello\\r\\n')[1][0].decode()
out['move'] = m._simple_command('MOVE', '2', 'Archive')[0]
m.store('1', '+FLAGS', '(\\\\Deleted)')
out['expunge'] = [x.decode() if x else None for x in m.expunge()[1]]
out['empty'] = m.search(None, 'ALL')[1][0].decode()
m.logout()
print(json.dumps(out))
`;

test('imaplib: FETCH items and sections, STORE, SEARCH, UID SEARCH UTF-8, SORT, THREAD, COPY, APPEND, MOVE, EXPUNGE', async () => {
  const r = await python(SCRIPT, [String(srv.port)]);
  assert.equal(r.code, 0, r.stderr.toString());
  const o = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
  assert.match(o.fetch_meta as string, /ENVELOPE \(/);
  assert.match(o.fetch_meta as string, /BODYSTRUCTURE \("text" "plain"|BODYSTRUCTURE \("TEXT" "PLAIN"/);
  assert.deepEqual(o.fetch_parts, ['Subject: first for clients\r\n\r\n', 'Body']);
  assert.ok((o.rfc822_len as number) > 100);
  assert.match(o.seen as string, /\\Seen/);
  assert.match(o.store as string, /\\Flagged/);
  assert.equal(o.search, '2');
  assert.match(o.search_utf8 as string, /^\d+$/);
  assert.equal(o.sort, '2 1');
  assert.match(o.thread as string, /^\(\d\)\(\d\)$/);
  assert.equal(o.copy, 'OK');
  assert.equal(o.uid_copy, 'OK');
  assert.match(o.append as string, /APPENDUID/);
  assert.equal(o.move, 'OK');
  // imaplib collects every untagged EXPUNGE: MOVE's (2) and EXPUNGE's (1).
  assert.deepEqual(o.expunge, ['2', '1']);
  assert.equal(o.empty, '');
});

const curl = which('curl');
test('curl fetches a message and a section over imap://', { skip: !curl }, async () => {
  await srv.deliver(message('for curl fetch', 'curl body\r\n'));
  const auth = ['-u', 'alice@example.test:Secret-1', '-s', '-S', '--max-time', '20'];
  const whole = await run('curl', [...auth, `imap://127.0.0.1:${srv.port}/INBOX;MAILINDEX=1`]);
  assert.equal(whole.code, 0, whole.stderr.toString());
  assert.match(whole.stdout.toString(), /Subject: for curl fetch\r\n[\s\S]*curl body/);
  const box = await srv.mailbox('INBOX');
  const [rec] = await srv.core.messages.list(box.id);
  const byUid = await run('curl', [
    ...auth,
    `imap://127.0.0.1:${srv.port}/INBOX;UID=${rec!.uid};SECTION=TEXT`,
  ]);
  assert.equal(byUid.code, 0, byUid.stderr.toString());
  assert.equal(byUid.stdout.toString(), 'curl body\r\n');
  const search = await run('curl', [...auth, `imap://127.0.0.1:${srv.port}/INBOX?SUBJECT%20curl`]);
  assert.match(search.stdout.toString(), /^\* SEARCH \d+/m);
});

const mbsync = which('mbsync');
test('mbsync syncs two ways with a Maildir: new mail, flags and deletions both ways', {
  skip: mbsync ? false : 'mbsync is not installed',
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mbsync-'));
  try {
    const rc = join(dir, 'mbsyncrc');
    await mkdir(join(dir, 'mail'));
    await writeFile(
      rc,
      `IMAPAccount t\nHost 127.0.0.1\nPort ${srv.port}\nUser alice@example.test\nPass Secret-1\nSSLType None\nAuthMechs LOGIN\n\n` +
        `IMAPStore remote\nAccount t\n\nMaildirStore local\nPath ${dir}/mail/\nInbox ${dir}/mail/INBOX\nSubFolders Verbatim\n\n` +
        `Channel c\nFar :remote:\nNear :local:\nPatterns INBOX\nCreate Both\nExpunge Both\nSync All\nSyncState *\n`,
    );
    const sync = async () => {
      const r = await run('mbsync', ['-c', rc, '-a'], 60_000);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    };
    const box = await srv.mailbox('INBOX');
    await srv.core.messages.remove(srv.userId, box.id, [{ start: 1, end: Number.POSITIVE_INFINITY }]);
    await srv.deliver(message('to maildir 1'));
    await srv.deliver(message('to maildir 2'));
    await sync();
    const cur = join(dir, 'mail', 'INBOX', 'cur');
    const nw = join(dir, 'mail', 'INBOX', 'new');
    const files = async () => [
      ...(await readdir(cur)).map((f) => join(cur, f)),
      ...(await readdir(nw)).map((f) => join(nw, f)),
    ];
    assert.equal((await files()).length, 2);
    // Local -> server: flag one as seen+flagged, delete the other, add a new one.
    const [f1, f2] = await files();
    const text1 = await readFile(f1!, 'utf8');
    const base = f1!.split('/').pop()!.split(':2,')[0];
    await rename(f1!, join(cur, `${base}:2,FS`));
    await rm(f2!);
    await writeFile(join(nw, `${Date.now()}.local.test`), message('from maildir'));
    await sync();
    const server = await srv.core.messages.list(box.id);
    assert.equal(server.length, 2, 'one deleted, one added');
    const subjects: string[] = [];
    for (const r of server) subjects.push((await srv.core.messages.blobMeta(r.blobId))!.subject);
    assert.ok(subjects.includes('from maildir'));
    const kept = server.find((r) => r.flags.includes('\\Flagged'));
    assert.ok(kept, `flags propagated: ${JSON.stringify(server.map((r) => r.flags))}`);
    assert.ok(kept.flags.includes('\\Seen'));
    assert.match(text1, /Subject: to maildir/);
    // Server -> local: unflag on the server, expunge the other, deliver a new one.
    const other = server.find((r) => r !== kept)!;
    await srv.core.messages.setFlags(srv.userId, box.id, [{ start: kept.uid, end: kept.uid }], 'remove', [
      '\\Flagged',
    ]);
    await srv.core.messages.remove(srv.userId, box.id, [{ start: other.uid, end: other.uid }]);
    await srv.deliver(message('late server mail'));
    await sync();
    const after = await files();
    assert.equal(after.length, 2);
    const names = after.map((f) => f.split('/').pop()!);
    assert.ok(
      names.some((n) => /:2,S$/.test(n)),
      `flags: ${names.join(' ')}`,
    );
    const texts = await Promise.all(after.map((f) => readFile(f, 'utf8')));
    assert.ok(texts.some((t) => t.includes('late server mail')));
    assert.ok(!texts.some((t) => t.includes('from maildir')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

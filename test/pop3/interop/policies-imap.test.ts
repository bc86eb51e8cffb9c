// Each per-account POP policy end to end: the whole app (real core, SQLite store, IMAP and
// POP3 servers), a real POP client doing the work (Python's poplib, curl), and a real IMAP
// client (imapflow) looking at the result, as a phone on the same account would.
// test/pop3/policies.test.ts covers the same rules in more detail with a raw client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { runPopRetention } from '../../../src/core/pop-retention.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { python, run, which } from '../helpers/clients.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(() => srv.stop());

const PASS = 'Policies-Pass-42';
let serial = 0;

/** A fresh user with these POP settings (the patch `postroom user set` applies). */
async function user(settings: Record<string, unknown>): Promise<string> {
  const address = `pol${++serial}@example.test`;
  await srv.admin.addUser(address, PASS);
  await srv.admin.updateUser(address, { settings });
  return address;
}

/** New mail in the INBOX (as delivery files it), arrived at `date` when given. */
async function deliver(address: string, subject: string, date?: Date): Promise<void> {
  const mail = srv.core.mail;
  const u = (await mail.accounts.getUser(address))!;
  const inbox = await mail.mailboxes.require(u.id, 'INBOX');
  await mail.messages.append(u.id, inbox.id, {
    source: (async function* () {
      yield Buffer.from(`From: x@example.net\r\nSubject: ${subject}\r\n\r\nbody of ${subject}\r\n`);
    })(),
    ...(date ? { internalDate: date } : {}),
  });
}

type Op =
  | ['subjects']
  | ['retr', number]
  | ['top', number, number]
  | ['dele', number]
  | ['capa']
  | ['quit']
  | ['drop'];

// argv: port login password ops(JSON). One poplib session running the ops; prints JSON.
// 'subjects' lists the maildrop by TOP n 0 (no side effect); 'drop' closes without QUIT.
const SESSION = `
import json, poplib, sys
port, user, pw, ops = int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
p = poplib.POP3('127.0.0.1', port)
p.user(user)
try:
    p.pass_(pw)
except poplib.error_proto as e:
    print(json.dumps({'login': e.args[0].decode(), 'out': []})); sys.exit(0)
def subject(lines):
    for l in lines:
        if l.lower().startswith(b'subject: '): return l[9:].decode()
    return ''
out = []
for op in ops:
    k = op[0]
    if k == 'subjects': out.append([subject(p.top(i, 0)[1]) for i in range(1, p.stat()[0] + 1)])
    elif k == 'retr': out.append(subject(p.retr(op[1])[1]))
    elif k == 'top': out.append(subject(p.top(op[1], op[2])[1]))
    elif k == 'dele': out.append(p.dele(op[1]).decode())
    elif k == 'capa': out.append(sorted(c + ''.join(' ' + a for a in v) for c, v in p.capa().items()))
    elif k == 'quit': out.append(p.quit().decode())
    elif k == 'drop': p.sock.close(); out.append('dropped')
print(json.dumps({'login': '+OK', 'out': out}))
`;

async function pop(login: string, ops: Op[]): Promise<{ login: string; out: unknown[] }> {
  const r = await python(SESSION, [String(srv.ports.pop3), login, PASS, JSON.stringify(ops)]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.toString());
}

/** What an IMAP client sees: subjects per mailbox, with \Seen marked by a trailing '*'. */
async function imapView(
  address: string,
  boxes = ['INBOX', 'Archive', 'Trash'],
): Promise<Record<string, string[]>> {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port: srv.ports.imaps!,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user: address, pass: PASS },
    logger: false,
  });
  await c.connect();
  const view: Record<string, string[]> = {};
  try {
    for (const box of boxes) {
      const lock = await c.getMailboxLock(box);
      try {
        const list: string[] = [];
        if (c.mailbox && c.mailbox.exists > 0)
          for await (const m of c.fetch('1:*', { envelope: true, flags: true }))
            list.push(`${m.envelope?.subject ?? ''}${m.flags?.has('\\Seen') ? '*' : ''}`);
        view[box] = list;
      } finally {
        lock.release();
      }
    }
  } finally {
    await c.logout();
  }
  return view;
}

test('popEnabled=false: poplib gets -ERR [AUTH]; IMAP still works', async () => {
  const u = await user({ popEnabled: false });
  await deliver(u, 'hello');
  const r = await pop(u, []);
  assert.match(r.login, /^-ERR \[AUTH\] POP3 access is disabled/);
  assert.deepEqual((await imapView(u, ['INBOX'])).INBOX, ['hello']);
});

test('scope all: what IMAP files in Archive stays in the maildrop, Trash does not', async () => {
  const u = await user({ pop: { scope: 'all', onDownload: 'keep' } });
  for (const s of ['one', 'two', 'three']) await deliver(u, s);
  const c = new ImapFlow({
    host: '127.0.0.1',
    port: srv.ports.imaps!,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user: u, pass: PASS },
    logger: false,
  });
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  await c.messageMove('2', 'Archive');
  await c.messageMove('2', 'Trash'); // 'three', now number 2
  lock.release();
  await c.logout();
  const r = await pop(u, [['subjects'], ['quit']]);
  assert.deepEqual(r.out[0], ['one', 'two']);
  const inbox = await user({ pop: { onDownload: 'keep' } });
  await deliver(inbox, 'only inbox');
  assert.deepEqual((await pop(inbox, [['subjects'], ['quit']])).out[0], ['only inbox']);
});

test('scope since-enabled: mail older than enabling POP is not offered, IMAP has it all', async () => {
  const u = await user({ pop: { scope: 'since-enabled', enabledAt: '2026-02-01T00:00:00.000Z' } });
  await deliver(u, 'before', new Date('2026-01-10T00:00:00Z'));
  await deliver(u, 'after', new Date('2026-02-10T00:00:00Z'));
  assert.deepEqual((await pop(u, [['subjects'], ['quit']])).out[0], ['after']);
  assert.deepEqual((await imapView(u, ['INBOX'])).INBOX, ['before', 'after']);
});

test('onDownload: seen marks \\Seen, keep leaves it, TOP changes nothing; archive moves at QUIT', async () => {
  const seen = await user({});
  const keep = await user({ pop: { onDownload: 'keep' } });
  for (const u of [seen, keep]) {
    await deliver(u, 'a');
    await deliver(u, 'b');
    const r = await pop(u, [['retr', 1], ['top', 2, 1000], ['quit']]);
    assert.deepEqual(r.out.slice(0, 2), ['a', 'b']);
  }
  assert.deepEqual((await imapView(seen, ['INBOX'])).INBOX, ['a*', 'b']);
  assert.deepEqual((await imapView(keep, ['INBOX'])).INBOX, ['a', 'b']);

  const arch = await user({ pop: { onDownload: 'archive' } });
  await deliver(arch, 'a');
  await deliver(arch, 'b');
  // A dropped connection moves nothing, even after a complete RETR.
  await pop(arch, [['retr', 1], ['drop']]);
  assert.deepEqual(await imapView(arch), { INBOX: ['a', 'b'], Archive: [], Trash: [] });
  const r = await pop(arch, [['capa'], ['retr', 1], ['quit']]);
  assert.ok((r.out[0] as string[]).includes('EXPIRE 0'), 'archived out of the maildrop: EXPIRE 0');
  assert.deepEqual(await imapView(arch), { INBOX: ['b'], Archive: ['a'], Trash: [] });
});

test('onDelete through curl (DELE then QUIT): expunge, trash, archive as IMAP sees them', async (t) => {
  const curl = which('curl');
  if (!curl) return t.skip('curl is not installed');
  for (const mode of ['expunge', 'trash', 'archive'] as const) {
    const u = await user({ pop: { onDelete: mode, onDownload: 'keep' } });
    await deliver(u, 'gone');
    await deliver(u, 'stays');
    const r = await run(curl, [
      '-sS',
      '--user',
      `${u}:${PASS}`,
      '-X',
      'DELE 1',
      '-I',
      `pop3://127.0.0.1:${srv.ports.pop3}/`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      await imapView(u),
      {
        INBOX: ['stays'],
        Archive: mode === 'archive' ? ['gone'] : [],
        Trash: mode === 'trash' ? ['gone'] : [],
      },
      mode,
    );
  }
});

test('offerAgain=false: each message once (clean QUIT only); recent: mode still lists it; IMAP keeps all', async () => {
  const u = await user({ pop: { offerAgain: false, onDownload: 'keep' } });
  await deliver(u, 'a');
  await deliver(u, 'b');
  await pop(u, [['retr', 1], ['drop']]);
  assert.deepEqual(
    (await pop(u, [['subjects'], ['retr', 1], ['quit']])).out[0],
    ['a', 'b'],
    'drop: offered again',
  );
  const r = await pop(u, [['capa'], ['subjects'], ['quit']]);
  assert.ok((r.out[0] as string[]).includes('EXPIRE 0'));
  assert.deepEqual(r.out[1], ['b'], 'a was downloaded at a clean QUIT');
  assert.deepEqual((await pop(`recent:${u}`, [['subjects'], ['retr', 2], ['quit']])).out[0], ['a', 'b']);
  assert.deepEqual((await pop(u, [['subjects'], ['quit']])).out[0], ['b'], 'recent mode recorded nothing');
  assert.deepEqual((await imapView(u, ['INBOX'])).INBOX, ['a', 'b']);
});

test('deleteAfterDays: the retention job removes mail N days after its download; IMAP sees it go', async () => {
  const u = await user({ pop: { deleteAfterDays: 3, onDownload: 'keep' } });
  const day = 24 * 3600_000;
  await deliver(u, 'old, fetched today', new Date(Date.now() - 30 * day));
  await deliver(u, 'never fetched', new Date(Date.now() - 30 * day));
  const r = await pop(u, [['capa'], ['retr', 1], ['quit']]);
  assert.ok((r.out[0] as string[]).includes('EXPIRE 3'));
  const mail = srv.core.mail;
  assert.equal(await runPopRetention(mail, new Date(Date.now() + 2 * day)), 0, 'arrival does not count');
  assert.deepEqual((await imapView(u, ['INBOX'])).INBOX, ['old, fetched today', 'never fetched']);
  assert.equal(await runPopRetention(mail, new Date(Date.now() + 4 * day)), 1);
  assert.deepEqual((await imapView(u, ['INBOX'])).INBOX, ['never fetched']);
});

// POP policies as an IMAP client sees them, live: an IMAP session idles on INBOX (imapflow)
// while a POP3 session downloads and deletes; the IMAP side learns of each effect through
// the change feed without polling. The IMAP server is another helper's module: until it is
// on main this test skips (the import path is computed so the build does not need it).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import type { ServerModule } from '../../src/app/server-module.js';
import { pop3Module } from '../../src/protocols/pop3/module.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RawPop3 } from './helpers/raw-client.js';

let srv: TestServer | null = null;
let missing = '';
before(async () => {
  const path = ['..', '..', 'src', 'protocols', 'imap', 'module.js'].join('/');
  let imapModule: ServerModule | undefined;
  try {
    imapModule = ((await import(path)) as { imapModule?: ServerModule }).imapModule;
  } catch (e) {
    missing = `the IMAP server is not built in (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!imapModule) {
    missing ||= 'src/protocols/imap/module.ts exports no imapModule';
    return;
  }
  srv = await startTestServer({ modules: [imapModule, pop3Module] });
});
after(() => srv?.stop());

async function deliver(srv: TestServer, subject: string): Promise<string> {
  const r = await srv.core.mail.delivery.deliver(
    (async function* () {
      yield Buffer.from(`From: x@example.test\r\nSubject: ${subject}\r\n\r\nbody\r\n`);
    })(),
    { mailFrom: 'x@example.test', rcptTo: [srv.user.address] },
  );
  return r.recipients[0]!.delivered[0]!.emailId;
}

test('RETR marks \\Seen and DELE+QUIT expunges, both pushed to an idling IMAP client', async (t) => {
  if (!srv) return t.skip(missing);
  await deliver(srv, 'one');
  await deliver(srv, 'two');
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: srv.ports.imaps!,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user: srv.user.address, pass: srv.user.password },
    logger: false,
  });
  await imap.connect();
  try {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const idling = imap.idle();
      const pop = await RawPop3.connect(srv.ports.pop3!);
      await pop.line();
      await pop.cmd(`USER ${srv.user.address}`);
      assert.match(await pop.cmd(`PASS ${srv.user.password}`), /^\+OK/);
      const flagged = once(imap, 'flags');
      assert.match(await pop.cmd('RETR 1'), /^\+OK/);
      await pop.multiline();
      const [f] = (await flagged) as [{ seq: number; flags: Set<string> }];
      assert.equal(f.seq, 1);
      assert.ok(f.flags.has('\\Seen'));
      const expunged = once(imap, 'expunge');
      assert.match(await pop.cmd('DELE 2'), /^\+OK/);
      assert.match(await pop.cmd('QUIT'), /^\+OK/);
      const [e] = (await expunged) as [{ seq: number }];
      assert.equal(e.seq, 2);
      void idling;
    } finally {
      lock.release();
    }
    const status = await imap.status('INBOX', { messages: true, unseen: true });
    assert.ok(status);
    assert.equal(status.messages, 1);
    assert.equal(status.unseen, 0);
  } finally {
    await imap.logout();
  }
});

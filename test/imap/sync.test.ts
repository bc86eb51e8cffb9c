// Two clients on one account agree: flag changes, moves and expunges made by one IMAP
// session reach the other while it idles (as FETCH FLAGS / EXPUNGE), and curl fetches a
// message.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { run, which } from '../pop3/helpers/clients.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
  for (let i = 1; i <= 3; i++) await srv.deliver(message(`sync ${i}`, `Body ${i}\r\n`));
});
after(async () => {
  await srv.stop();
});

test('a flag set and a message moved by imapflow reach an idling session', async () => {
  const watcher = await RawImap.open(srv.port);
  await watcher.login();
  await watcher.command('s', 'SELECT INBOX');
  watcher.send('i IDLE\r\n');
  await watcher.waitFor(/^\+ /);
  const actor = flowClient(srv);
  await actor.connect();
  await actor.mailboxOpen('INBOX');
  // The watcher selected first, so the messages are \Recent to it (RFC 3501 §2.3.2).
  const flagged = watcher.waitFor(/^\* 1 FETCH \(.*FLAGS \((\\Recent )?\\Flagged\).*\)$/);
  await actor.messageFlagsAdd('1', ['\\Flagged']);
  await flagged;
  const expunged = watcher.waitFor(/^\* 2 EXPUNGE$/);
  await actor.messageMove('2', 'Archive');
  await expunged;
  watcher.send('DONE\r\n');
  await watcher.waitFor(/^i OK/);
  await actor.logout();
  watcher.close();
});

test('curl fetches a message by UID', { skip: which('curl') ? false : 'curl is not installed' }, async () => {
  const inbox = await srv.mailbox('INBOX');
  const [uid] = await srv.core.messages.uids(inbox.id);
  const r = await run('curl', [
    '-u',
    'alice@example.test:Secret-1',
    '-s',
    '-S',
    '--max-time',
    '20',
    `imap://127.0.0.1:${srv.port}/INBOX;UID=${uid}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.toString(), /Subject: sync 1\r\n[\s\S]*Body 1/);
});

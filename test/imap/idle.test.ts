// IDLE and multi-session sync: a change made elsewhere (delivery through the core, another
// IMAP session, POP3...) reaches an idling client within milliseconds, as EXISTS,
// EXPUNGE and FETCH FLAGS; without IDLE it is reported at the next command. No sleeps:
// every test waits for the line it expects.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../helpers/test-server.js';
import { flowClient } from './helpers/flow.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ limits: { keepaliveMs: 200 } });
  await srv.deliver(message('first'));
});
after(async () => {
  await srv.stop();
});

const selected = (box = 'INBOX'): Promise<RawImap> => RawImap.selected(srv.port, box);

test('IDLE: a delivery becomes * n EXISTS within a second (latency measured)', async () => {
  const c = await selected();
  const exists = Number(/\* (\d+) EXISTS/.exec(c.lines.join('\n'))![1]);
  c.send('i IDLE\r\n');
  assert.equal(await c.waitFor(/^\+/), '+ idling');
  const t0 = performance.now();
  const seen = c.waitFor(new RegExp(`^\\* ${exists + 1} EXISTS$`));
  await srv.deliver(message('while idling'));
  await seen;
  const latency = performance.now() - t0;
  assert.ok(latency < 1000, `latency ${latency} ms`);
  c.send('done\r\n'); // DONE is case-insensitive
  assert.match(await c.waitFor(/^i /), /^i OK/);
  c.close();
});

test('IDLE: flag changes and expunges by another session are pushed; keepalive is sent', async () => {
  const inbox = await srv.mailbox('INBOX');
  await srv.deliver(message('to expunge'));
  const watcher = await selected();
  const exists = Number(/\* (\d+) EXISTS/.exec(watcher.lines.join('\n'))![1]);
  watcher.send('i IDLE\r\n');
  await watcher.waitFor(/^\+/);
  await watcher.waitFor(/^\* OK Still here$/);
  const flagged = watcher.waitFor(/^\* 1 FETCH \(FLAGS \(\\Flagged\)\)$/);
  await srv.core.messages.setFlags(srv.userId, inbox.id, [{ start: 1, end: 1 }], 'add', ['\\Flagged']);
  await flagged;
  const gone = watcher.waitFor(new RegExp(`^\\* ${exists} EXPUNGE$`));
  const uids = await srv.core.messages.uids(inbox.id);
  await srv.core.messages.remove(srv.userId, inbox.id, [{ start: uids.at(-1)!, end: uids.at(-1)! }]);
  await gone;
  watcher.send('DONE\r\n');
  await watcher.waitFor(/^i OK/);
  watcher.close();
});

test('without IDLE, changes wait for the next command; EXPUNGE is held back during FETCH by number', async () => {
  const c = await selected();
  const before = c.lines.length;
  await srv.deliver(message('quiet'));
  // Nothing arrives while no command is in progress...
  const noop = await c.command('n', 'NOOP');
  assert.ok(
    noop.some((l) => /^\* \d+ EXISTS$/.test(l)),
    noop.join('\n'),
  );
  assert.ok(c.lines.slice(before).filter((l) => /EXISTS/.test(l)).length === 1);
  // An expunge by someone else is not reported in the reply to a sequence-number command.
  const inbox = await srv.mailbox('INBOX');
  const uids = await srv.core.messages.uids(inbox.id);
  await srv.core.messages.remove(srv.userId, inbox.id, [{ start: uids.at(-1)!, end: uids.at(-1)! }]);
  const f = await c.command('f', 'FETCH 1 FLAGS');
  assert.ok(!f.some((l) => /EXPUNGE/.test(l)), f.join('\n'));
  const n2 = await c.command('m', 'NOOP');
  assert.ok(
    n2.some((l) => /^\* \d+ EXPUNGE$/.test(l)),
    n2.join('\n'),
  );
  c.close();
});

test('any command ends IDLE and is then processed (iOS sends a new tag instead of DONE)', async () => {
  const c = await selected();
  c.send('i IDLE\r\n');
  await c.waitFor(/^\+/);
  c.send('j NOOP\r\n');
  assert.match(await c.waitFor(/^i /), /^i OK/);
  assert.match(await c.waitFor(/^j /), /^j OK/);
  c.close();
});

test('two imapflow sessions see each other: one deletes a mailbox the other has selected', async () => {
  const a = await selected();
  await srv.core.mailboxes.create(srv.userId, 'Doomed');
  const b = await selected('Doomed');
  assert.match((await a.command('d', 'DELETE Doomed')).at(-1)!, /^d OK/);
  const r = await b.command('n', 'NOOP');
  assert.ok(
    r.some((l) => /^\* OK \[CLOSED\]/.test(l)),
    r.join('\n'),
  );
  assert.match((await b.command('c', 'CHECK')).at(-1)!, /^c BAD/);
  a.close();
  b.close();
});

test('imapflow IDLE receives an exists event from a delivery', async () => {
  const client = flowClient(srv);
  await client.connect();
  const box = await client.mailboxOpen('INBOX');
  const start = box.exists;
  const got = new Promise<number>((resolve) => {
    client.on('exists', (d: { count: number }) => resolve(d.count));
  });
  const idle = client.idle();
  await new Promise<void>((resolve) => {
    const t = setInterval(() => {
      if (client.idling) {
        clearInterval(t);
        resolve();
      }
    }, 5);
  });
  await srv.deliver(message('imapflow idle'));
  assert.equal(await got, start + 1);
  await client.logout();
  await idle.catch(() => {});
});

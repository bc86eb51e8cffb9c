// imap.autoSubscribe, through the app as `serve` builds it and a real client (imapflow):
// on (the default), CREATE subscribes and CREATE of an existing unsubscribed mailbox
// subscribes it with OK (CLIENT-QUIRKS §1); off, CREATE is plain RFC 9051 (nothing
// subscribed, NO [ALREADYEXISTS]), as Dovecot and imaptest's subscribe/listext expect.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import type { PortName } from '../../src/config/ports.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RawImap } from './helpers/raw-client.js';

const OTHERS: PortName[] = [
  'smtp',
  'submission',
  'submissions',
  'pop3',
  'pop3s',
  'http',
  'https',
  'managesieve',
];

let on: TestServer;
let off: TestServer;
before(async () => {
  on = await startTestServer({ disable: OTHERS });
  off = await startTestServer({ disable: OTHERS, config: { imap: { autoSubscribe: false } } });
});
after(async () => {
  await on?.stop();
  await off?.stop();
});

function flow(srv: TestServer): ImapFlow {
  return new ImapFlow({
    host: srv.host,
    port: srv.ports.imap!,
    secure: false,
    tls: { rejectUnauthorized: false },
    auth: { user: srv.user.address, pass: srv.user.password },
    logger: false,
  });
}

/** CREATE over a raw connection (imapflow's mailboxCreate() SUBSCRIBEs by itself). */
async function create(srv: TestServer, name: string): Promise<string> {
  const raw = await RawImap.open(srv.ports.imap!);
  try {
    await raw.login(srv.user.address, `"${srv.user.password}"`);
    return (await raw.command('c', `CREATE ${name}`)).at(-1)!;
  } finally {
    raw.close();
  }
}

async function subscribed(c: ImapFlow): Promise<string[]> {
  return (await c.list())
    .filter((b) => b.subscribed)
    .map((b) => b.path)
    .sort();
}

test('imap.autoSubscribe defaults to true: CREATE subscribes, CREATE of an unsubscribed mailbox re-subscribes it', async () => {
  assert.equal(on.config.imap.autoSubscribe, true);
  const c = flow(on);
  await c.connect();
  try {
    assert.match(await create(on, 'Projects/2026'), /^c OK CREATE completed/);
    assert.ok((await subscribed(c)).includes('Projects/2026'));
    await c.mailboxUnsubscribe('Projects/2026');
    assert.ok(!(await subscribed(c)).includes('Projects/2026'));
    // Thunderbird's "create it again": OK, and the folder is visible again.
    assert.match(await create(on, 'Projects/2026'), /^c OK/);
    assert.ok((await subscribed(c)).includes('Projects/2026'));
  } finally {
    await c.logout();
  }
});

test('imap.autoSubscribe false: CREATE leaves the mailbox unsubscribed, and an existing one is NO [ALREADYEXISTS]', async () => {
  assert.equal(off.config.imap.autoSubscribe, false);
  const c = flow(off);
  await c.connect();
  try {
    assert.match(await create(off, 'Projects/2026'), /^c OK CREATE completed/);
    const boxes = await c.list();
    assert.ok(
      boxes.some((b) => b.path === 'Projects/2026'),
      boxes.map((b) => b.path).join(' '),
    );
    const subs = await subscribed(c);
    assert.ok(!subs.includes('Projects/2026'), subs.join(' '));
    assert.ok(!subs.includes('Projects'), subs.join(' '));
    // The account's own folders stay subscribed (created with the account, not by CREATE).
    assert.ok(subs.includes('Sent'), subs.join(' '));
    assert.match(await create(off, 'Projects/2026'), /^c NO \[ALREADYEXISTS\]/);
    assert.ok(!(await subscribed(c)).includes('Projects/2026'));
    // SUBSCRIBE still works as usual.
    await c.mailboxSubscribe('Projects/2026');
    assert.ok((await subscribed(c)).includes('Projects/2026'));
  } finally {
    await c.logout();
  }
});

// Each per-account POP policy, seen through the core (what an IMAP session would see).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CoreFixture, startCoreFixture } from './helpers/core-fixture.js';
import { RawPop3 } from './helpers/raw-client.js';

let f: CoreFixture;
before(async () => {
  f = await startCoreFixture();
});
after(() => f.close());

let n = 0;
/** A fresh user with its own settings patch, so tests do not share a maildrop. */
async function user(pop: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const address = `u${++n}@example.test`;
  const id = await f.addUser(address);
  await f.core.accounts.updateSettings(id, { ...extra, pop });
  return { address, id };
}

const msg = (s: string) => `From: x@example.test\r\nSubject: ${s}\r\n\r\nbody of ${s}\r\n`;

/** Logs in; while a just-dropped session still holds the lock ([IN-USE]), tries again. */
async function pop(login: string): Promise<RawPop3> {
  for (let attempt = 0; ; attempt++) {
    const c = await RawPop3.connect(f.port);
    assert.match(await c.line(), /^\+OK/);
    assert.match(await c.cmd(`USER ${login}`), /^\+OK/);
    const r = await c.cmd('PASS Secret-1');
    if (r.startsWith('-ERR [IN-USE]') && attempt < 200) {
      c.destroy();
      await new Promise((res) => setTimeout(res, 5));
      continue;
    }
    assert.match(r, /^\+OK/, r);
    return c;
  }
}

async function uidls(c: RawPop3): Promise<string[]> {
  assert.match(await c.cmd('UIDL'), /^\+OK/);
  return (await c.lines()).map((l) => l.split(' ')[1]!);
}

async function retr(c: RawPop3, i: number): Promise<void> {
  assert.match(await c.cmd(`RETR ${i}`), /^\+OK/);
  await c.multiline();
}

async function quit(c: RawPop3): Promise<void> {
  assert.match(await c.cmd('QUIT'), /^\+OK/);
  await c.waitClosed();
}

const ids = async (address: string, box: string) => (await f.mailbox(address, box)).map((m) => m.emailId);
const flagsOf = async (address: string, box: string, id: string) =>
  (await f.mailbox(address, box)).find((m) => m.emailId === id)?.flags ?? null;

test('popEnabled=false refuses login with [AUTH] and a clear text', async () => {
  const u = await user({}, { popEnabled: false });
  const c = await RawPop3.connect(f.port);
  await c.line();
  await c.cmd(`USER ${u.address}`);
  assert.equal(await c.cmd('PASS Secret-1'), '-ERR [AUTH] POP3 access is disabled for this account');
  c.destroy();
});

test('scope inbox (default) vs all (every folder but Trash/Junk) vs since-enabled', async () => {
  const inbox = await user({ scope: 'inbox' });
  const all = await user({ scope: 'all' });
  for (const u of [inbox, all]) {
    const a = await f.deliverTo(u.address, msg('in inbox'), new Date('2026-01-01T00:00:00Z'));
    const b = await f.deliverTo(u.address, msg('to archive'), new Date('2026-01-02T00:00:00Z'));
    const t = await f.deliverTo(u.address, msg('to trash'), new Date('2026-01-03T00:00:00Z'));
    const inb = await f.core.mailboxes.require(u.id, 'INBOX');
    const arch = (await f.core.mailboxes.bySpecialUse(u.id, '\\Archive'))!;
    const trash = (await f.core.mailboxes.bySpecialUse(u.id, '\\Trash'))!;
    const uidOf = async (id: string) => (await f.core.messages.byEmailId(u.id, id))!.uid;
    await f.core.messages.move(u.id, inb.id, [{ start: await uidOf(b), end: await uidOf(b) }], arch.id);
    await f.core.messages.move(u.id, inb.id, [{ start: await uidOf(t), end: await uidOf(t) }], trash.id);
    const c = await pop(u.address);
    assert.deepEqual(await uidls(c), u === inbox ? [a] : [a, b], `scope of ${u.address}`);
    await quit(c);
  }
  const since = await user({ scope: 'since-enabled', enabledAt: '2026-02-01T00:00:00.000Z' });
  await f.deliverTo(since.address, msg('old'), new Date('2026-01-15T00:00:00Z'));
  const fresh = await f.deliverTo(since.address, msg('new'), new Date('2026-02-15T00:00:00Z'));
  const c = await pop(since.address);
  assert.deepEqual(await uidls(c), [fresh]);
  await quit(c);
});

test('onDownload: seen (default) marks \\Seen at once; keep does nothing; TOP is not a download', async () => {
  const seen = await user({ onDownload: 'seen' });
  const keep = await user({ onDownload: 'keep' });
  for (const u of [seen, keep]) {
    const a = await f.deliverTo(u.address, msg('a'));
    const b = await f.deliverTo(u.address, msg('b'));
    const c = await pop(u.address);
    await retr(c, 1);
    assert.match(await c.cmd('TOP 2 5'), /^\+OK/);
    await c.multiline();
    // Before QUIT: the flag is already visible to other clients.
    const fa = await flagsOf(u.address, 'INBOX', a);
    assert.equal(fa!.includes('\\Seen'), u === seen);
    assert.equal((await flagsOf(u.address, 'INBOX', b))!.includes('\\Seen'), false);
    await quit(c);
  }
});

test('onDownload archive: moved to Archive at a clean QUIT only; EXPIRE 0 advertised', async () => {
  const u = await user({ onDownload: 'archive' });
  const a = await f.deliverTo(u.address, msg('a'));
  const b = await f.deliverTo(u.address, msg('b'));
  // Dropped connection: nothing moves.
  const d = await pop(u.address);
  await retr(d, 1);
  d.destroy();
  await d.waitClosed();
  const c = await pop(u.address);
  assert.deepEqual(await ids(u.address, 'INBOX'), [a, b]);
  assert.match(await c.cmd('CAPA'), /^\+OK/);
  assert.ok((await c.lines()).includes('EXPIRE 0'));
  await retr(c, 1);
  await quit(c);
  assert.deepEqual(await ids(u.address, 'INBOX'), [b]);
  assert.deepEqual(await ids(u.address, 'Archive'), [a]);
});

test('onDelete: expunge (default), trash, archive; applied only at QUIT', async () => {
  for (const mode of ['expunge', 'trash', 'archive'] as const) {
    const u = await user({ onDelete: mode, onDownload: 'keep' });
    const a = await f.deliverTo(u.address, msg('a'));
    const b = await f.deliverTo(u.address, msg('b'));
    const c = await pop(u.address);
    assert.match(await c.cmd('DELE 1'), /^\+OK/);
    assert.deepEqual(await ids(u.address, 'INBOX'), [a, b], 'nothing before QUIT');
    await quit(c);
    assert.deepEqual(await ids(u.address, 'INBOX'), [b]);
    assert.deepEqual(await ids(u.address, 'Trash'), mode === 'trash' ? [a] : []);
    assert.deepEqual(await ids(u.address, 'Archive'), mode === 'archive' ? [a] : []);
    if (mode === 'expunge') assert.equal(await f.core.messages.byEmailId(u.id, a), null);
  }
});

test('offerAgain=false: downloads recorded at clean QUIT only and hidden next time', async () => {
  const u = await user({ offerAgain: false, onDownload: 'keep' });
  const a = await f.deliverTo(u.address, msg('a'));
  const b = await f.deliverTo(u.address, msg('b'));
  const c1 = await pop(u.address);
  await retr(c1, 1);
  c1.destroy(); // not a clean QUIT: nothing recorded
  await c1.waitClosed();
  const c2 = await pop(u.address);
  assert.deepEqual(await uidls(c2), [a, b]);
  await retr(c2, 1);
  await quit(c2);
  const c3 = await pop(u.address);
  assert.deepEqual(await uidls(c3), [b], 'a was downloaded: not offered again');
  await quit(c3);
  assert.deepEqual(await ids(u.address, 'INBOX'), [a, b], 'still on the server for IMAP');
  // Recent mode lists everything of the last 30 days, whatever was downloaded.
  const r = await pop(`recent:${u.address}`);
  assert.deepEqual(await uidls(r), [a, b]);
  await retr(r, 2);
  await quit(r);
  const c4 = await pop(u.address);
  assert.deepEqual(await uidls(c4), [b], 'recent mode records nothing');
  await quit(c4);
});

test('recent mode: last 30 days only, and a separate lock from the normal session', async () => {
  const u = await user();
  await f.deliverTo(u.address, msg('old'), new Date(Date.now() - 40 * 24 * 3600_000));
  const fresh = await f.deliverTo(u.address, msg('fresh'));
  const normal = await pop(u.address);
  assert.equal((await uidls(normal)).length, 2);
  const r = await pop(`recent:${u.address}`);
  assert.deepEqual(await uidls(r), [fresh]);
  await quit(r);
  await quit(normal);
});

test('deleteAfterDays: counted from the first download, not from arrival', async () => {
  const { runPopRetention } = await import('../../src/core/pop-retention.js');
  const u = await user({ deleteAfterDays: 7, onDownload: 'keep' });
  const day = 24 * 3600_000;
  const oldDownloaded = await f.deliverTo(u.address, msg('old, downloaded'), new Date(Date.now() - 10 * day));
  const oldKept = await f.deliverTo(u.address, msg('old, never downloaded'), new Date(Date.now() - 10 * day));
  const fresh = await f.deliverTo(u.address, msg('fresh, downloaded'));
  const c = await pop(u.address);
  assert.match(await c.cmd('CAPA'), /^\+OK/);
  assert.ok((await c.lines()).includes('EXPIRE 7'));
  await retr(c, 1);
  await retr(c, 3);
  assert.match(await c.cmd('TOP 2 99999'), /^\+OK/, 'TOP of the whole message is not a download');
  await c.multiline();
  await quit(c);
  // Arrived 10 days ago but downloaded today: kept (arrival does not count).
  assert.equal(await runPopRetention(f.core, new Date()), 0);
  assert.equal(await runPopRetention(f.core, new Date(Date.now() + 6 * day)), 0, '6 days after: kept');
  assert.deepEqual(await ids(u.address, 'INBOX'), [oldDownloaded, oldKept, fresh]);
  // 8 days after the download, as the hourly job would see it: both downloads go.
  assert.equal(await runPopRetention(f.core, new Date(Date.now() + 8 * day)), 2);
  assert.deepEqual(await ids(u.address, 'INBOX'), [oldKept]);
  assert.equal(await f.core.messages.byEmailId(u.id, oldDownloaded), null);
  // The records of removed messages are forgotten: nothing left to look at next time.
  assert.equal((await f.core.messages.popDownloaded(u.id, [oldDownloaded, fresh])).size, 0);
  assert.equal(await runPopRetention(f.core, new Date(Date.now() + 30 * day)), 0);
});

test('onDelete trash without a Trash mailbox: -ERR [SYS/TEMP] at QUIT and the message stays', async () => {
  const u = await user({ onDelete: 'trash', onDownload: 'keep' });
  const a = await f.deliverTo(u.address, msg('a'));
  await f.core.mailboxes.delete(u.id, 'Trash');
  const c = await pop(u.address);
  assert.match(await c.cmd('DELE 1'), /^\+OK/);
  assert.match(await c.cmd('QUIT'), /^-ERR \[SYS\/TEMP\] Some deleted messages were not removed \(1 of 1\)/);
  await c.waitClosed();
  assert.deepEqual(await ids(u.address, 'INBOX'), [a]);
});

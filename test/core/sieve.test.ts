import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMailError } from '../../src/core/errors.js';
import { chunks, tempCore } from './helpers.js';

const MSG = (subject: string, extra = '') =>
  `From: Friend <friend@other.test>\r\nTo: alice@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@other.test>\r\n${extra}\r\nHello there\r\n`;

async function setup() {
  const t = await tempCore();
  const alice = await t.core.accounts.createUser('alice@example.test', 'h');
  const where = async () => {
    const out: Record<string, number> = {};
    for (const m of await t.core.mailboxes.list(alice.id)) {
      const n = (await t.core.messages.uids(m.id)).length;
      if (n) out[m.name] = n;
    }
    return out;
  };
  const deliver = (raw: string, mailFrom = 'friend@other.test') =>
    t.core.delivery.deliver(chunks(raw), { mailFrom, rcptTo: ['alice@example.test'] });
  return { t, alice, where, deliver };
}

test('sieve scripts: put checks the script, activate, list, rename, delete rules', async () => {
  const { t, alice } = await setup();
  try {
    const s = t.core.sieve;
    await assert.rejects(s.put(alice.id, 'bad', 'require "fileinto";\nfileinto;'), (e) => {
      assert.ok(isMailError(e, 'Invalid'));
      assert.match((e as Error).message, /^line 2, column 1: /);
      return true;
    });
    await s.put(alice.id, 'main', 'keep;');
    await s.put(alice.id, 'other', 'discard;');
    await s.activate(alice.id, 'main');
    assert.deepEqual(
      (await s.list(alice.id)).map((x) => [x.name, x.active]),
      [
        ['main', true],
        ['other', false],
      ],
    );
    await assert.rejects(s.delete(alice.id, 'main'), (e) => isMailError(e, 'InUse'));
    await assert.rejects(s.rename(alice.id, 'other', 'main'), (e) => isMailError(e, 'AlreadyExists'));
    await s.rename(alice.id, 'other', 'spare');
    await s.activate(alice.id, 'spare');
    await s.delete(alice.id, 'main');
    assert.deepEqual(
      (await s.list(alice.id)).map((x) => [x.name, x.active]),
      [['spare', true]],
    );
    await assert.rejects(s.activate(alice.id, 'nope'), (e) => isMailError(e, 'NotFound'));
  } finally {
    await t.cleanup();
  }
});

test('delivery files by the active script; :create makes and subscribes; flags are set', async () => {
  const { t, alice, where, deliver } = await setup();
  try {
    await t.core.sieve.put(
      alice.id,
      'main',
      `require ["fileinto", "mailbox", "imap4flags"];
       if header :contains "subject" "invoice" { fileinto :create :flags "\\\\Seen" "Bills/2025"; stop; }
       if header :contains "subject" "spam" { discard; stop; }
       if header :contains "subject" "missing" { fileinto "Nowhere"; }`,
    );
    await t.core.sieve.activate(alice.id, 'main');
    await deliver(MSG('Your invoice'));
    await deliver(MSG('pure spam'));
    await deliver(MSG('missing folder'));
    await deliver(MSG('hello'));
    assert.deepEqual(await where(), { 'Bills/2025': 1, INBOX: 2 });
    assert.ok((await t.core.mailboxes.listSubscriptions(alice.id)).includes('Bills/2025'));
    const bills = await t.core.mailboxes.require(alice.id, 'Bills/2025');
    const [rec] = await t.core.messages.list(bills.id);
    assert.ok(rec!.flags.includes('\\Seen'));
    // An existing mailbox is used, never replaced.
    await deliver(MSG('another invoice'));
    assert.equal((await t.core.mailboxes.require(alice.id, 'Bills/2025')).uidValidity, bills.uidValidity);
    assert.deepEqual(await where(), { 'Bills/2025': 2, INBOX: 2 });
  } finally {
    await t.cleanup();
  }
});

test('a script that fails at run time still delivers to INBOX', async () => {
  const { t, alice, where, deliver } = await setup();
  try {
    await t.core.sieve.put(alice.id, 'main', 'require "include"; include "missing"; discard;');
    await t.core.sieve.activate(alice.id, 'main');
    await deliver(MSG('x'));
    assert.deepEqual(await where(), { INBOX: 1 });
  } finally {
    await t.cleanup();
  }
});

test('vacation answers once per sender per period, never to lists; redirect queues', async () => {
  const { t, alice, deliver } = await setup();
  try {
    await t.core.sieve.put(
      alice.id,
      'main',
      'require ["vacation","copy"]; vacation :days 1 :subject "Away" "I am away."; if header :contains "subject" "fwd" { redirect :copy "me@phone.test"; }',
    );
    await t.core.sieve.activate(alice.id, 'main');
    await deliver(MSG('one'));
    await deliver(MSG('two'));
    await deliver(MSG('list', 'List-Id: <l.other.test>\r\n'), 'other@other.test');
    await deliver(MSG('fwd'), 'third@other.test');
    const queue = t.store.queue!;
    const all = await queue.list(0, 100);
    const to = all.map((m) => [m.mailFrom, m.recipients.map((r) => r.address).join(',')]);
    assert.deepEqual(to, [
      ['', 'friend@other.test'],
      ['', 'third@other.test'],
      ['third@other.test', 'me@phone.test'],
    ]);
    const reply = (await t.core.messages.readBodyBuffer({ blobId: all[0]!.blobId })).toString();
    assert.match(reply, /^Subject: Away$/m);
    assert.match(reply, /^Auto-Submitted: auto-replied$/m);
    assert.match(reply, /^In-Reply-To: <one@other.test>$/m);
  } finally {
    await t.cleanup();
  }
});

test('the Sent copy is filed by an outgoing rule (vnd.postroom.direction), IMAP-style appends are not', async () => {
  const { t, alice } = await setup();
  try {
    const { SentCopies } = await import('../../src/core/sent-copy.js');
    const copies = new SentCopies(t.store, t.core.messages, undefined, undefined, t.core.sieve);
    await t.core.sieve.put(
      alice.id,
      'main',
      `require ["environment", "fileinto", "mailbox"];
       if allof (environment :is "vnd.postroom.direction" "outgoing", address :domain "to" "client.test") {
         fileinto :create "Clients/Client";
       }`,
    );
    await t.core.sieve.activate(alice.id, 'main');
    const sent = (await t.core.mailboxes.bySpecialUse(alice.id, '\\Sent'))!;
    const out = (to: string, id: string) =>
      `From: alice@example.test\r\nTo: ${to}\r\nSubject: s\r\nMessage-ID: <${id}@example.test>\r\n\r\nbody\r\n`;
    await copies.appendOnce(alice.id, sent, [out('boss@client.test', 'a1')], { filter: true });
    await copies.appendOnce(alice.id, sent, [out('friend@other.test', 'a2')], { filter: true });
    await copies.appendOnce(alice.id, sent, [out('boss@client.test', 'a3')]); // IMAP APPEND path
    const clients = await t.core.mailboxes.require(alice.id, 'Clients/Client');
    assert.equal((await t.core.messages.uids(clients.id)).length, 1);
    assert.equal((await t.core.messages.uids(sent.id)).length, 2);
    // Incoming mail is not matched by the outgoing rule.
    await t.core.delivery.deliver(chunks(out('boss@client.test', 'a4')), {
      mailFrom: 'x@client.test',
      rcptTo: ['alice@example.test'],
    });
    assert.equal((await t.core.messages.uids(clients.id)).length, 1);
  } finally {
    await t.cleanup();
  }
});

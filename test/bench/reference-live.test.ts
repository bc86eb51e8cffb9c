// Runs the measuring code against the Dovecot reference when it is running on
// this machine (skipped otherwise): the figures must describe what the server
// really holds, byte for byte.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MARKER_WORD, syntheticMessage } from '../../bench/lib/corpus.js';
import { BenchImapClient } from '../../bench/lib/imap-client.js';
import {
  mailboxSize,
  measureAppend,
  measureFetchBodies,
  measureSearchText,
  measureSelectAndFlags,
} from '../../bench/lib/imap-measures.js';
import { DOVECOT_REF, isListening } from '../../bench/reference/dovecot.js';

const running = await isListening({ host: DOVECOT_REF.host, port: DOVECOT_REF.imapPort });
const target = {
  host: DOVECOT_REF.host,
  port: DOVECOT_REF.imapPort,
  user: 'user199@example.test',
  pass: 'Secret-1',
};
const skip = running ? false : 'Dovecot reference not running';

test('SELECT, FLAGS, SEARCH and body FETCH figures match the mailbox', { skip }, async () => {
  const box = `bench-live-${process.pid}`;
  const c = await BenchImapClient.login(target);
  const messages = Array.from({ length: 20 }, (_, i) => syntheticMessage(i));
  try {
    await c.command(`CREATE "${box}"`);
    for (const m of messages) await c.append(box, m);
    const sel = await measureSelectAndFlags(target, box, 2);
    assert.equal(sel.exists, 20);
    assert.equal(sel.flagsResponses, 20);
    const search = await measureSearchText(target, box, MARKER_WORD, 1);
    assert.equal(search.hits, 1); // only message 7 carries the marker
    const bodies = await measureFetchBodies(target, box, '1:*', 2);
    assert.equal(bodies.messages, 20);
    assert.equal(
      bodies.bytes,
      messages.reduce((n, m) => n + m.length, 0),
    );
  } finally {
    await c.command(`DELETE "${box}"`).catch(() => undefined);
    await c.logout();
  }
});

test('APPEND figures count every message and leave no mailbox behind', { skip }, async () => {
  const box = `bench-live-append-${process.pid}`;
  const r = await measureAppend(target, {
    count: 30,
    connections: 3,
    message: (i) => syntheticMessage(i),
    mailbox: box,
  });
  assert.equal(r.appends, 30);
  assert.equal(r.latencyMs.n, 30);
  assert.ok(r.perS > 0);
  await assert.rejects(mailboxSize(target, box), /STATUS failed: NO/);
});

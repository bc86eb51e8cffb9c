// Interop: scripts uploaded with the real sieve-connect client (Debian package) file
// mail delivered through the core. Skipped when sieve-connect is not installed.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { manageSieveModule } from '../../src/protocols/managesieve/module.js';
import { startTestServer } from '../helpers/server.js';
import { HAVE_SIEVE_CONNECT as HAVE, sieveConnect } from '../helpers/sieve-connect.js';

const MSG = (subject: string, from = 'friend@other.test') =>
  `From: ${from}\r\nTo: test@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@x>\r\n\r\nhi\r\n`;

test('sieve-connect uploads and activates a script that files delivered mail', {
  skip: HAVE ? false : 'sieve-connect not installed',
}, async () => {
  const srv = await startTestServer({ modules: [manageSieveModule] });
  try {
    const file = join(srv.dataDir, 'rules.sieve');
    await writeFile(
      file,
      'require ["fileinto", "mailbox", "vacation"];\nif header :contains "subject" "report" { fileinto :create "Reports"; stop; }\nvacation :days 1 "Away until Monday.";\n',
    );
    const up = await sieveConnect(srv, ['--localsieve', file, '--remotesieve', 'rules', '--upload']);
    assert.equal(up.code, 0, up.out);
    const act = await sieveConnect(srv, ['--remotesieve', 'rules', '--activate']);
    assert.equal(act.code, 0, act.out);
    const list = await sieveConnect(srv, ['--list']);
    assert.match(list.out, /"?rules"? +(ACTIVE|<-- active)/);

    const deliver = (raw: string, from = 'friend@other.test') =>
      srv.core.delivery.deliver([raw], { mailFrom: from, rcptTo: ['test@example.test'] });
    await deliver(MSG('weekly report'));
    await deliver(MSG('hello'));
    await deliver(MSG('hello again'));
    const user = (await srv.core.accounts.getUser('test@example.test'))!;
    const reports = await srv.core.mailboxes.require(user.id, 'Reports');
    const inbox = await srv.core.mailboxes.require(user.id, 'INBOX');
    assert.equal((await srv.core.messages.uids(reports.id)).length, 1);
    assert.equal((await srv.core.messages.uids(inbox.id)).length, 2);
    // Vacation answered the sender once (two messages, one reply in the queue).
    const queued = await srv.core.store.queue!.list(0, 10);
    assert.deepEqual(
      queued.map((q) => q.recipients.map((r) => r.address)),
      [['friend@other.test']],
    );

    // A broken script is refused at upload with its position...
    await writeFile(file, 'require "fileinto";\nfileinto "a" "b";\n');
    const bad = await sieveConnect(srv, ['--localsieve', file, '--remotesieve', 'bad', '--upload']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /line 2, column 1/);
    // ...and one that fails at run time still delivers to INBOX.
    await writeFile(file, 'require "include";\ninclude "missing";\ndiscard;\n');
    assert.equal(
      (await sieveConnect(srv, ['--localsieve', file, '--remotesieve', 'runtime', '--upload'])).code,
      0,
    );
    assert.equal((await sieveConnect(srv, ['--remotesieve', 'runtime', '--activate'])).code, 0);
    await deliver(MSG('weekly report 2'));
    assert.equal((await srv.core.messages.uids(inbox.id)).length, 3);
  } finally {
    await srv.stop();
  }
  // Every sieve-connect session (STARTTLS included) ended cleanly: the graceful stop did
  // not have to wait for a connection the listener still thought open.
  assert.deepEqual(
    srv.logs().filter((r) => /still open/.test(String(r.msg))),
    [],
  );
});

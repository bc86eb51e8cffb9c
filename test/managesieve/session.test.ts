import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manageSieveModule } from '../../src/protocols/managesieve/module.js';
import { connectLines, type LineClient } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server.js';

/** Lines up to and including the next OK/NO/BYE line. */
async function reply(c: LineClient): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const l = await c.next();
    out.push(l);
    if (/^(OK|NO|BYE)\b/.test(l) || (l === '' && (c.socket.readableEnded || c.socket.destroyed))) return out;
  }
}

async function cmd(c: LineClient, line: string): Promise<string[]> {
  c.socket.write(`${line}\r\n`);
  return reply(c);
}

test('ManageSieve: capabilities, PLAIN login, script commands with RFC 5804 response codes', async () => {
  const srv = await startTestServer({ modules: [manageSieveModule] });
  const c = await connectLines(srv.ports.managesieve!);
  try {
    const greeting = await reply(c);
    assert.ok(greeting.includes('"IMPLEMENTATION" "Postroom"'));
    assert.ok(greeting.includes('"STARTTLS"'));
    assert.ok(greeting.some((l) => l.startsWith('"SIEVE" "fileinto') && l.includes('vacation')));
    assert.match(greeting.at(-1)!, /^OK /);

    assert.match((await cmd(c, 'LISTSCRIPTS')).at(-1)!, /^NO "Authenticate first"/);
    const bad = Buffer.from(`\0${srv.user.address}\0wrong`).toString('base64');
    assert.match((await cmd(c, `AUTHENTICATE "PLAIN" "${bad}"`)).at(-1)!, /^NO/);
    const good = Buffer.from(`\0${srv.user.address}\0${srv.user.password}`).toString('base64');
    // Without an initial response: the server sends "" and reads the answer.
    c.socket.write('AUTHENTICATE "PLAIN"\r\n');
    assert.equal(await c.next(), '""');
    assert.match((await cmd(c, `"${good}"`)).at(-1)!, /^OK/);

    const script = 'require "fileinto";\r\nif header :contains "subject" "x" { fileinto "X"; }\r\n';
    assert.match(
      (await cmd(c, `PUTSCRIPT "main" {${Buffer.byteLength(script)}+}\r\n${script}`)).at(-1)!,
      /^OK/,
    );
    const broken = 'require "fileinto";\r\nfileinto;\r\n';
    const err = (await cmd(c, `PUTSCRIPT "bad" {${broken.length}+}\r\n${broken}`)).at(-1)!;
    assert.match(err, /^NO "line 2, column 1: command "?fileinto"? takes 1 argument|^NO \{/);
    assert.match(
      (await cmd(c, `CHECKSCRIPT {${broken.length}+}\r\n${broken}`)).join('\n'),
      /line 2, column 1/,
    );
    assert.match((await cmd(c, 'HAVESPACE "main" 1000')).at(-1)!, /^OK/);
    assert.match((await cmd(c, 'HAVESPACE "main" 99999999')).at(-1)!, /^NO \(QUOTA\/MAXSIZE\)/);
    assert.match((await cmd(c, 'SETACTIVE "nope"')).at(-1)!, /^NO \(NONEXISTENT\)/);
    assert.match((await cmd(c, 'SETACTIVE "main"')).at(-1)!, /^OK/);
    assert.deepEqual((await cmd(c, 'LISTSCRIPTS')).slice(0, -1), ['"main" ACTIVE']);
    const got = await cmd(c, 'GETSCRIPT "main"');
    assert.equal(got[0], `{${Buffer.byteLength(script)}}`);
    assert.equal(got.slice(1, 4).join('\r\n'), script);
    assert.match((await cmd(c, 'DELETESCRIPT "main"')).at(-1)!, /^NO \(ACTIVE\)/);
    assert.match((await cmd(c, 'PUTSCRIPT "two" "keep;"')).at(-1)!, /^OK/);
    assert.match((await cmd(c, 'RENAMESCRIPT "two" "main"')).at(-1)!, /^NO \(ALREADYEXISTS\)/);
    assert.match((await cmd(c, 'RENAMESCRIPT "two" "three"')).at(-1)!, /^OK/);
    assert.match((await cmd(c, 'DELETESCRIPT "three"')).at(-1)!, /^OK/);
    assert.match((await cmd(c, 'NOOP "abc"')).at(-1)!, /^OK \(TAG "abc"\)/);
    assert.match((await cmd(c, 'FROB')).at(-1)!, /^NO "Unknown command FROB"/);
    assert.match(
      (await cmd(c, 'PUTSCRIPT "x" {99999999+}')).at(-1)!,
      /^NO "Syntax error: literal too large"/,
    );
    assert.match((await cmd(c, 'UNAUTHENTICATE')).at(-1)!, /^OK/);
    assert.match((await cmd(c, 'LISTSCRIPTS')).at(-1)!, /^NO/);
    assert.match((await cmd(c, 'LOGOUT')).at(-1)!, /^OK/);
    await c.closed;
    const user = (await srv.core.accounts.getUser(srv.user.address))!;
    assert.equal((await srv.core.sieve.get(user.id, 'main'))?.active, true);
  } finally {
    c.socket.destroy();
    await srv.stop();
  }
});

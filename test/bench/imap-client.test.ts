import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { BenchImapClient, ImapCommandError, quote } from '../../bench/lib/imap-client.js';

/** A scripted IMAP server: enough of the protocol to exercise the client's framing and literals. */
async function fakeServer(
  literalPlus: boolean,
): Promise<{ server: Server; port: number; appended: Buffer[] }> {
  const appended: Buffer[] = [];
  const server = createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    let want = -1; // bytes of APPEND literal still expected (+2 for the CRLF after it)
    let appendTag = '';
    sock.write('* OK fake ready\r\n');
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (want >= 0) {
          if (buf.length < want + 2) return;
          appended.push(Buffer.from(buf.subarray(0, want)));
          buf = buf.subarray(want + 2);
          want = -1;
          sock.write(`${appendTag} OK [APPENDUID 1 ${appended.length}] done\r\n`);
          continue;
        }
        const end = buf.indexOf('\r\n');
        if (end < 0) return;
        const line = buf.toString('latin1', 0, end);
        buf = buf.subarray(end + 2);
        const [tag, cmd] = line.split(' ');
        const lit = /\{(\d+)(\+?)\}$/.exec(line);
        if (cmd === 'APPEND' && lit) {
          want = Number(lit[1]);
          appendTag = tag as string;
          if (lit[2] !== '+') sock.write('+ go ahead\r\n');
        } else if (cmd === 'LOGIN') {
          sock.write(
            line.includes('"bad"') ? `${tag} NO [AUTHENTICATIONFAILED] nope\r\n` : `${tag} OK in\r\n`,
          );
        } else if (cmd === 'CAPABILITY') {
          sock.write(`* CAPABILITY IMAP4rev1 IDLE${literalPlus ? ' LITERAL+' : ''}\r\n${tag} OK cap\r\n`);
        } else if (cmd === 'UID') {
          sock.write('* 1 FETCH (UID 1 BODY[] {5}\r\nhello)\r\n* 2 FETCH (UID 2 BODY[] {3}\r\nabc)\r\n');
          sock.write(`${tag} OK fetched\r\n`);
        } else if (cmd === 'LOGOUT') {
          sock.end(`* BYE bye\r\n${tag} OK out\r\n`);
        } else {
          sock.write(`${tag} BAD unknown\r\n`);
        }
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return { server, port: addr.port, appended };
}

for (const literalPlus of [true, false]) {
  test(`login, FETCH with literals and APPEND (${literalPlus ? 'LITERAL+' : 'synchronising literal'})`, async () => {
    const { server, port, appended } = await fakeServer(literalPlus);
    try {
      const c = await BenchImapClient.login({ host: '127.0.0.1', port, user: 'u@example.test', pass: 'p' });
      assert.equal(c.hasCapability('literal+'), literalPlus);
      const seen: string[] = [];
      const r = await c.command('UID FETCH 1:* BODY.PEEK[]', (u) => seen.push(u.text));
      assert.equal(r.status, 'OK');
      assert.equal(r.untaggedCount, 2);
      assert.equal(r.literalBytes, 8);
      assert.equal(seen.length, 2);
      const msg = Buffer.from('Subject: x\r\n\r\nbody {5}\r\n');
      const a = await c.append('INBOX', msg);
      assert.match(a.text, /APPENDUID 1 1/);
      assert.deepEqual(appended, [msg]);
      await assert.rejects(
        c.command('NOOP'),
        (e: unknown) => e instanceof ImapCommandError && e.result.status === 'BAD',
      );
      await c.logout();
    } finally {
      server.close();
    }
  });
}

test('a refused login is an error naming the command', async () => {
  const { server, port } = await fakeServer(true);
  try {
    await assert.rejects(
      BenchImapClient.login({ host: '127.0.0.1', port, user: 'u', pass: 'bad' }),
      /LOGIN failed: NO \[AUTHENTICATIONFAILED\]/,
    );
  } finally {
    server.close();
  }
});

test('quote escapes backslash and double quote, refuses CR/LF', () => {
  assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
  assert.throws(() => quote('a\r\nb'), /CR, LF/);
});

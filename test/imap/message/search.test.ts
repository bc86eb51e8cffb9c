// SEARCH (UTF-8 text, ESEARCH, SEARCHRES, MODSEQ, PARTIAL, BADCHARSET), SORT and THREAD
// through a raw client and imapflow.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BytesImap, flowClient } from './bytes-client.js';

let srv: TestServer;
function utf8Message(subject: string, body: string, from: string, extra = ''): string {
  const enc = `=?utf-8?B?${Buffer.from(subject).toString('base64')}?=`;
  return `From: ${from}\r\nTo: alice@example.test\r\nSubject: ${enc}\r\n${extra}Date: Sat, 21 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`;
}

before(async () => {
  srv = await startTestServer();
  await srv.deliver(
    utf8Message('Grüße aus Köln', 'Schöne Grüße, ihr Bär', 'zoe@example.net', 'Message-ID: <t1@x>\r\n'),
  ); // 1
  await srv.deliver(
    utf8Message(
      'Re: Grüße aus Köln',
      'Danke! 日本語のテキスト',
      'adam@example.net',
      'Message-ID: <t2@x>\r\nIn-Reply-To: <t1@x>\r\nReferences: <t1@x>\r\n',
    ),
  ); // 2
  await srv.deliver(message('apples', 'plain ascii body about apples', 'mike@example.net')); // 3
  await srv.deliver(message('bananas', 'x'.repeat(5000), 'bob@example.net')); // 4
  await srv.deliver(message('Re: apples', 'more apples', 'carl@example.net')); // 5
});
after(async () => {
  await srv.stop();
});

const lineOf = (r: Buffer, re: RegExp) => re.exec(r.toString('utf8'))?.[1];

test('SEARCH on UTF-8 subjects and bodies (literal and quoted, CHARSET UTF-8)', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  const subj = Buffer.from('Grüße');
  const r = await c.command(
    'a',
    Buffer.concat([
      Buffer.from(`SEARCH CHARSET UTF-8 SUBJECT {${subj.length}+}\r\n`),
      subj,
      Buffer.from('\r\n'),
    ]),
  );
  assert.equal(lineOf(r, /^\* SEARCH(.*)\r$/m), ' 1 2');
  const body = Buffer.from('日本語');
  const r2 = await c.command(
    'b',
    Buffer.concat([
      Buffer.from(`SEARCH CHARSET UTF-8 BODY {${body.length}+}\r\n`),
      body,
      Buffer.from('\r\n'),
    ]),
  );
  assert.equal(lineOf(r2, /^\* SEARCH(.*)\r$/m), ' 2');
  const r3 = await c.command('c', Buffer.from('SEARCH CHARSET UTF-8 TEXT "bär"\r\n'));
  assert.equal(lineOf(r3, /^\* SEARCH(.*)\r$/m), ' 1');
  const r4 = await c.command('d', 'SEARCH CHARSET KOI8-R TEXT x');
  assert.match(r4.toString(), /^d NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/m);
  c.close();
});

test('SEARCH keys: flags, size, header, OR/NOT, sequence sets, UID SEARCH', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  await c.command('f', 'STORE 3 +FLAGS (\\Flagged)');
  assert.equal(lineOf(await c.command('a', 'SEARCH FLAGGED'), /^\* SEARCH(.*)\r$/m), ' 3');
  assert.equal(lineOf(await c.command('b', 'SEARCH LARGER 4000'), /^\* SEARCH(.*)\r$/m), ' 4');
  assert.equal(lineOf(await c.command('c', 'SEARCH OR FROM mike FROM carl'), /^\* SEARCH(.*)\r$/m), ' 3 5');
  assert.equal(lineOf(await c.command('d', 'SEARCH 2:4 NOT SUBJECT apples'), /^\* SEARCH(.*)\r$/m), ' 2 4');
  assert.equal(lineOf(await c.command('e', 'SEARCH HEADER Message-ID t2@x'), /^\* SEARCH(.*)\r$/m), ' 2');
  const uid = await c.command('g', 'UID SEARCH SUBJECT bananas');
  assert.match(uid.toString(), /^\* SEARCH \d+\r$/m);
  assert.equal(
    lineOf(
      await c.command('h', 'SEARCH SINCE 1-Jan-2020 SENTON 21-Nov-2026 NOT DELETED YOUNGER 3600'),
      /^\* SEARCH(.*)\r$/m,
    ),
    ' 1 2 3 4 5',
  );
  assert.equal(lineOf(await c.command('i', 'SEARCH RECENT'), /^\* SEARCH(.*)\r$/m), '');
  c.close();
});

test('ESEARCH MIN MAX COUNT ALL, SAVE with $, PARTIAL, MODSEQ', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  const r = await c.command('a', 'SEARCH RETURN (MIN MAX COUNT ALL) NOT SUBJECT bananas');
  assert.match(r.toString(), /^\* ESEARCH \(TAG "a"\) MIN 1 MAX 5 COUNT 4 ALL 1:3,5\r$/m);
  await c.command('b', 'SEARCH RETURN (SAVE) SUBJECT apples');
  const f = await c.command('c', 'FETCH $ (FLAGS)');
  assert.equal((f.toString().match(/^\* \d+ FETCH/gm) ?? []).length, 2);
  assert.equal(lineOf(await c.command('d', 'SEARCH $'), /^\* SEARCH(.*)\r$/m), ' 3 5');
  const p = await c.command('e', 'UID SEARCH RETURN (PARTIAL -1:-2) ALL');
  assert.match(p.toString(), /^\* ESEARCH \(TAG "e"\) UID PARTIAL \(-1:-2 \d+:\d+\)\r$/m);
  const m = await c.command('g', 'SEARCH MODSEQ 1');
  assert.match(m.toString(), /^\* SEARCH 1 2 3 4 5 \(MODSEQ \d+\)\r$/m);
  c.close();
});

test('SORT (SUBJECT, REVERSE SIZE, DISPLAYFROM, ARRIVAL) and SORT RETURN', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  assert.equal(
    lineOf(await c.command('a', 'SORT (REVERSE SIZE) UTF-8 ALL'), /^\* SORT(.*)\r$/m)
      ?.trim()
      .split(' ')[0],
    '4',
  );
  assert.equal(
    lineOf(await c.command('b', 'SORT (DISPLAYFROM) UTF-8 ALL'), /^\* SORT(.*)\r$/m),
    ' 2 4 5 3 1',
  );
  assert.equal(
    lineOf(await c.command('c', 'SORT (SUBJECT ARRIVAL) UTF-8 NOT SUBJECT bananas'), /^\* SORT(.*)\r$/m),
    ' 3 5 1 2',
  );
  const e = await c.command('d', 'SORT RETURN (ALL COUNT) (REVERSE ARRIVAL) UTF-8 ALL');
  assert.match(
    e.toString(),
    /^\* ESEARCH \(TAG "d"\) COUNT 5 ALL 5 4 3 2 1|^\* ESEARCH \(TAG "d"\) COUNT 5 ALL 5,4,3,2,1/m,
  );
  c.close();
});

test('THREAD REFERENCES and ORDEREDSUBJECT; imapflow search with UTF-8', async () => {
  const c = await BytesImap.open(srv.port);
  await c.command('s', 'SELECT INBOX');
  assert.match(
    (await c.command('a', 'THREAD REFERENCES UTF-8 ALL')).toString(),
    /^\* THREAD \(1 2\)\(3 5\)\(4\)\r$/m,
  );
  assert.match(
    (await c.command('b', 'THREAD ORDEREDSUBJECT UTF-8 ALL')).toString(),
    /^\* THREAD \(1 2\)\(3 5\)\(4\)\r$/m,
  );
  assert.match((await c.command('c', 'THREAD NONSENSE UTF-8 ALL')).toString(), /^c (BAD|NO)/m);
  c.close();
  const f = flowClient(srv);
  await f.connect();
  await f.mailboxOpen('INBOX');
  assert.deepEqual(await f.search({ subject: 'Köln' }), [1, 2]);
  assert.deepEqual(await f.search({ body: 'Grüße', from: 'zoe' }), [1]);
  await f.logout();
});

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, test } from 'node:test';
import { probeImap, reasonFrom, unsupportedReason } from '../../bench/postroom/imap-support.js';

test('a BAD reply means the command is missing; a NO gives its text', () => {
  assert.equal(reasonFrom('FETCH', 'BAD', 'Unknown command'), 'FETCH not implemented');
  assert.equal(reasonFrom('APPEND', 'NO', '[OVERQUOTA] Mailbox full'), 'APPEND refused: Mailbox full');
  assert.equal(
    reasonFrom('SEARCH', 'NO', '[CANNOT] SEARCH is not implemented yet'),
    'SEARCH not implemented',
  );
});

test('a figure is n/a when any command it needs is missing', () => {
  const support = { FETCH: 'FETCH not implemented' };
  assert.equal(unsupportedReason('select', support), 'n/a (FETCH not implemented)');
  assert.equal(unsupportedReason('bodies', support), 'n/a (FETCH not implemented)');
  assert.equal(unsupportedReason('search', support), null);
  assert.equal(unsupportedReason('pop3', { SELECT: 'x', FETCH: 'y' }), null);
});

test('no IMAP listener: every command is marked', async () => {
  const s = await probeImap(null);
  assert.equal(s.FETCH, 'no IMAP server');
  assert.equal(unsupportedReason('idle', s), 'n/a (no IMAP server)');
});

/** A tiny IMAP server that knows LOGIN, CAPABILITY, SELECT, CREATE, DELETE, LOGOUT only. */
function partialServer(): Promise<Server> {
  const srv = createServer((sock) => {
    sock.write('* OK ready\r\n');
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const [tag, cmd = ''] = line.split(' ');
        const verb = cmd.toUpperCase();
        if (verb === 'CAPABILITY') sock.write(`* CAPABILITY IMAP4rev1 IDLE\r\n${tag} OK done\r\n`);
        else if (['LOGIN', 'SELECT', 'CREATE', 'DELETE'].includes(verb)) sock.write(`${tag} OK done\r\n`);
        else if (verb === 'LOGOUT') sock.end(`* BYE\r\n${tag} OK bye\r\n`);
        else sock.write(`${tag} BAD Unknown command\r\n`);
      }
    });
  });
  return new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv)));
}

test('the probe learns from the replies which commands work', async () => {
  const srv = await partialServer();
  after(() => srv.close());
  const port = (srv.address() as { port: number }).port;
  const s = await probeImap({ host: '127.0.0.1', port, user: 'a@example.test', pass: 'p' });
  assert.equal(s.SELECT, undefined);
  assert.equal(s.CREATE, undefined);
  assert.equal(s.IDLE, undefined);
  assert.equal(s.FETCH, 'FETCH not implemented');
  assert.equal(s.SEARCH, 'SEARCH not implemented');
  assert.equal(s.APPEND, 'APPEND not implemented');
  assert.equal(unsupportedReason('select', s), 'n/a (FETCH not implemented)');
});

// The IMAP server as the app builds it takes the per-user session limits of the
// configuration (limits.connections), not only its built-in defaults.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RawImap } from './helpers/raw-client.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({
    config: { limits: { connections: { perUserAndAddress: 2, perUser: 2 } } },
  });
});
after(async () => {
  await srv.stop();
});

test('limits.connections.perUserAndAddress from the config caps IMAP sessions of a user', async () => {
  const open: RawImap[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const c = await RawImap.open(srv.ports.imap!);
      open.push(c);
      await c.login(srv.user.address, `"${srv.user.password}"`);
    }
    const third = await RawImap.open(srv.ports.imap!);
    open.push(third);
    const r = await third.command('L1', `LOGIN ${srv.user.address} "${srv.user.password}"`);
    assert.match(r.at(-1)!, /^L1 NO \[UNAVAILABLE\] Too many connections/);
    // A session that leaves frees its place.
    open[0]!.close();
    await open[0]!.whenClosed();
    let again: string[] = [];
    for (let tries = 0; tries < 50; tries++) {
      again = await third.command(`L${tries + 2}`, `LOGIN ${srv.user.address} "${srv.user.password}"`);
      if (/ OK/.test(again.at(-1)!)) break;
    }
    assert.match(again.at(-1)!, / OK/);
  } finally {
    for (const c of open) c.close();
  }
});

// The CONTRACT promise end to end with two real processes: `postroom serve` runs on a
// data dir, `postroom user add` runs beside it, and the new user can log in over POP3
// at once, without a restart. Then SIGTERM: the open session is closed and serve exits 0.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPostroom, spawnServe, waitForOutput } from '../helpers/cli.js';
import { connectLines } from '../helpers/line-client.js';
import { freePort } from '../helpers/ports.js';

const tmp = mkdtempSync(join(tmpdir(), 'postroom-live-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a user added while serve runs can log in over POP3 at once; SIGTERM ends the session and exits 0', async () => {
  const data = join(tmp, 'data');
  const pop3 = await freePort();
  const server = spawnServe(data, { pop3 });
  const exited = once(server, 'exit') as Promise<[number | null]>;
  try {
    await waitForOutput(server, /"msg":"ready"/);
    const pw = 'plenty long passphrase 1';

    const before = await connectLines(pop3);
    assert.match(await before.next(), /^\+OK/);
    assert.match(await before.send('USER hana@example.test'), /^\+OK/);
    assert.match(await before.send(`PASS ${pw}`), /^-ERR/, 'unknown before the CLI adds it');
    before.socket.destroy();

    const add = await runPostroom(['user', 'add', 'hana@example.test', '--password', pw, '--data', data]);
    assert.equal(add.code, 0, add.stderr);

    const client = await connectLines(pop3);
    assert.match(await client.next(), /^\+OK/);
    assert.match(await client.send('USER hana@example.test'), /^\+OK/);
    assert.match(await client.send(`PASS ${pw}`), /^\+OK/);
    assert.match(await client.send('STAT'), /^\+OK 0 0/);

    server.kill('SIGTERM');
    assert.match(await client.next(), /^-ERR \[SYS\/TEMP\]/, 'the session is told goodbye');
    await client.closed;
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
});

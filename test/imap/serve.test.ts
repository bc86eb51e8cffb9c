// The IMAP listener as `postroom serve` starts it (app registry, shared services): a user
// added by the CLI while serve runs logs in at once, and SIGTERM says BYE.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPostroom, spawnServe, waitForOutput } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { RawImap } from './helpers/raw-client.js';

const tmp = mkdtempSync(join(tmpdir(), 'postroom-imap-serve-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('serve opens IMAP; a CLI-added user logs in over IMAP and IMAPS; SIGTERM sends BYE', async () => {
  const data = join(tmp, 'data');
  const imap = await freePort();
  const imaps = await freePort();
  const server = spawnServe(data, { imap, imaps });
  const exited = once(server, 'exit') as Promise<[number | null]>;
  try {
    await waitForOutput(server, /"msg":"ready"/);
    const pw = 'plenty long passphrase 1';
    const add = await runPostroom(['user', 'add', 'ida@example.test', '--password', pw, '--data', data]);
    assert.equal(add.code, 0, add.stderr);
    const c = await RawImap.open(imap);
    await c.login('ida@example.test', `"${pw}"`);
    const list = await c.command('a', 'LIST "" *');
    assert.ok(list.includes('* LIST (\\HasNoChildren \\Sent) "/" Sent'), list.join('\n'));
    const t = await RawImap.open(imaps, true);
    await t.login('ida@example.test', `"${pw}"`);
    t.close();
    server.kill('SIGTERM');
    assert.match(await c.waitFor(/^\* BYE/), /shutting down/);
    await c.whenClosed();
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
});

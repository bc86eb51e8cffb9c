import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { flagsToOverrides, SERVE_FLAGS } from '../../src/config/flags.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { PORT_NAMES, PORTS } from '../../src/config/ports.js';
import { deepMerge } from '../../src/util/deep-merge.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'postroom-config-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('defaults use the standard ports; --dev shifts them as the CONTRACT says', () => {
  const prod = loadConfig({ cwd: '/srv' });
  assert.deepEqual(
    PORT_NAMES.map((n) => prod.ports[n]),
    [25, 587, 465, 143, 993, 110, 995, 80, 443, 4190],
  );
  assert.equal(prod.dataDir, '/srv/data');
  assert.equal(prod.host, undefined);
  const dev = loadConfig({ cwd: '/srv', overrides: { dev: true } });
  assert.deepEqual(
    PORT_NAMES.map((n) => dev.ports[n]),
    [2525, 1587, 1465, 1143, 1993, 1110, 1995, 8080, 0, 4190],
  );
  assert.equal(dev.hostname, 'localhost');
  assert.equal(dev.host, '127.0.0.1');
});

test('flags override the file, the file overrides defaults; paths resolve against their source', () => {
  withDir((dir) => {
    const file = join(dir, 'postroom.json');
    writeFileSync(
      file,
      JSON.stringify({
        hostname: 'Mail.Example.TEST',
        dataDir: 'store',
        ports: { imap: 10143, pop3: 0 },
        dev: true,
      }),
    );
    const overrides = flagsToOverrides(SERVE_FLAGS, {
      imapPort: 20143,
      tlsCert: 'c.pem',
      tlsKey: '/abs/k.pem',
    });
    const c = loadConfig({ file, overrides, cwd: '/work/here' });
    assert.equal(c.hostname, 'mail.example.test');
    assert.equal(c.dataDir, join(dir, 'store'));
    assert.equal(c.ports.imap, 20143);
    assert.equal(c.ports.pop3, 0);
    assert.equal(c.ports.smtp, PORTS.smtp.dev, 'dev set in the file shifts the defaults');
    assert.deepEqual(c.tls, { cert: '/work/here/c.pem', key: '/abs/k.pem' });
  });
});

test('bad values give one ConfigError line naming the field', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ports: { imap: 70000 } }, /ports\.imap: .*65535/],
    [{ ports: { imap: 1.5 } }, /ports\.imap/],
    [{ hostname: 'bad host!' }, /hostname: must be a host name/],
    [{ tls: { cert: 'x.pem' } }, /both tls\.cert and tls\.key/],
    [{ store: 'mysql://x' }, /store: must start with sqlite: or postgres:\/\//],
    [{ log: { level: 'loud' } }, /log\.level/],
    [{ colour: 'blue' }, /Unrecognized key.*colour/],
  ];
  for (const [overrides, re] of cases) {
    assert.throws(
      () => loadConfig({ overrides, cwd: '/' }),
      (e: unknown) => e instanceof ConfigError && re.test(e.message) && !e.message.includes('\n'),
      JSON.stringify(overrides),
    );
  }
});

test('a missing or broken config file is a clear error', () => {
  withDir((dir) => {
    assert.throws(
      () => loadConfig({ file: join(dir, 'nope.json') }),
      /cannot read config file .*no such file/,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ hostname: ');
    assert.throws(() => loadConfig({ file: bad }), /not valid JSON/);
    writeFileSync(bad, '[1]');
    assert.throws(() => loadConfig({ file: bad }), /must hold a JSON object/);
  });
});

test('flagsToOverrides builds nested values and skips absent flags', () => {
  assert.deepEqual(
    flagsToOverrides(SERVE_FLAGS, { data: 'd', smtpPort: 0, logLevel: 'warn', dev: undefined }),
    {
      dataDir: 'd',
      ports: { smtp: 0 },
      log: { level: 'warn' },
    },
  );
});

test('deepMerge merges nested objects, replaces arrays and skips undefined', () => {
  const a = { x: { y: 1, z: [1, 2] }, k: 1 };
  const merged = deepMerge(a, { x: { z: [3] }, k: undefined });
  assert.deepEqual(merged, { x: { y: 1, z: [3] }, k: 1 });
  assert.deepEqual(a, { x: { y: 1, z: [1, 2] }, k: 1 }, 'inputs untouched');
  assert.notEqual(merged.x, a.x);
});

test('protocol limits: a partial limits.imap/pop3 keeps the other defaults; RFC minimums are enforced', () => {
  const c = loadConfig({ cwd: '/srv', overrides: { limits: { imap: { maxBadCommands: 3 } } } });
  assert.equal(c.limits.imap.maxBadCommands, 3);
  assert.equal(c.limits.imap.idleTimeoutMs, 31 * 60_000);
  assert.equal(c.limits.pop3.idleTimeoutMs, 10 * 60_000);
  // RFC 9051 §5.4: at least 30 minutes; RFC 1939 §3: at least 10 minutes.
  assert.throws(
    () => loadConfig({ cwd: '/srv', overrides: { limits: { imap: { idleTimeoutMs: 60_000 } } } }),
    (e: Error) => e instanceof ConfigError && /limits\.imap\.idleTimeoutMs/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ cwd: '/srv', overrides: { limits: { pop3: { idleTimeoutMs: 60_000 } } } }),
    (e: Error) => e instanceof ConfigError && /limits\.pop3\.idleTimeoutMs/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ cwd: '/srv', overrides: { limits: { imap: { maxLinBytes: 9000 } } } }),
    (e: Error) => e instanceof ConfigError && /limits\.imap/.test(e.message),
  );
});

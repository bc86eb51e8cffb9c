import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/log/logger.js';
import { formatPretty } from '../../src/log/pretty.js';
import { REDACTED } from '../../src/log/redact.js';
import { memoryLogger } from '../helpers/log.js';

test('secret fields are redacted at the top level and nested', () => {
  const { log, records } = memoryLogger();
  log.info({ user: 'a@x.test', password: 'hunter2', pass: 'p1', token: 't' }, 'login');
  log.info({ auth: { authorization: 'Basic abc', Authorization: 'Bearer z' } }, 'http');
  log.info({ req: { body: { newPassword: 'n', secret: 's' } } }, 'deep');
  log.child({ subsystem: 'imap' }).warn({ client: { login: { passwd: 'x' } } }, 'child');
  const [a, b, c, d] = records();
  assert.equal(a?.password, REDACTED);
  assert.equal(a?.pass, REDACTED);
  assert.equal(a?.token, REDACTED);
  assert.equal(a?.user, 'a@x.test');
  assert.deepEqual(b?.auth, { authorization: REDACTED, Authorization: REDACTED });
  assert.deepEqual(c?.req, { body: { newPassword: REDACTED, secret: REDACTED } });
  assert.deepEqual(d?.client, { login: { passwd: REDACTED } });
  const all = JSON.stringify(records());
  for (const secret of ['hunter2', 'abc', 'Bearer z', '"p1"', '"n"'])
    assert.ok(!all.includes(secret), secret);
});

test('redaction does not change the caller object', () => {
  const { log } = memoryLogger();
  const fields = { password: 'keep' };
  log.info(fields, 'x');
  assert.equal(fields.password, 'keep');
});

test('child loggers carry their bindings; the level filters', () => {
  const { log, records } = memoryLogger('info');
  const imap = log.child({ subsystem: 'imap' });
  const session = imap.child({ session: 7 });
  session.debug('hidden');
  session.info({ cmd: 'LOGIN' }, 'command');
  const recs = records();
  assert.equal(recs.length, 1);
  assert.equal(recs[0]?.subsystem, 'imap');
  assert.equal(recs[0]?.session, 7);
  assert.equal(recs[0]?.msg, 'command');
  assert.equal(recs[0]?.level, 30);
});

test('errors are serialized with message and stack', () => {
  const { log, records } = memoryLogger();
  log.error({ err: new Error('boom') }, 'failed');
  const err = records()[0]?.err as { message: string; stack: string };
  assert.equal(err.message, 'boom');
  assert.match(err.stack, /Error: boom/);
});

test('pretty format prints one readable line per record', () => {
  const lines: string[] = [];
  const log = createLogger({
    level: 'info',
    format: 'pretty',
    out: { write: (s: string) => lines.push(s) > 0 },
  });
  log.child({ subsystem: 'imap' }).info({ host: '127.0.0.1', port: 1143, password: 'x' }, 'listening');
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[imap\] listening host=127\.0\.0\.1 port=1143 password=\[redacted\]\n$/,
  );
});

test('auto format picks pretty only on a terminal', () => {
  const json: string[] = [];
  createLogger({ level: 'info', out: { write: (s: string) => json.push(s) > 0, isTTY: false } }).info('a');
  assert.doesNotThrow(() => JSON.parse(json[0]!));
  const tty: string[] = [];
  createLogger({ level: 'info', out: { write: (s: string) => tty.push(s) > 0, isTTY: true } }).info('a');
  assert.throws(() => JSON.parse(tty[0]!));
});

test('formatPretty quotes values with spaces, shows stacks and passes non-JSON through', () => {
  const line = formatPretty(
    JSON.stringify({
      level: 50,
      time: '2026-01-01T10:00:00.000Z',
      msg: 'x',
      note: 'a b',
      err: { message: 'm', stack: 'Error: m\n at f' },
    }),
  );
  assert.equal(line, '10:00:00.000 ERROR x note="a b" err=m\n    Error: m\n     at f\n');
  assert.equal(formatPretty('not json\n'), 'not json\n');
  assert.equal(formatPretty('[1]'), '[1]');
});

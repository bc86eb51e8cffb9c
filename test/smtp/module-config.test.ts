// The SMTP module reads outbound.* from the config: transports, smarthost relay, give-up time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaults } from '../../src/config/defaults.js';
import { outboundFromConfig } from '../../src/protocols/smtp/module.js';

const base = defaults(false).outbound;

test('defaults: no overrides, no relay, five days', () => {
  const o = outboundFromConfig(base);
  assert.equal(o.transports.size, 0);
  assert.equal(o.relay, null);
  assert.equal(o.retry.maxAge, 5 * 24 * 3600);
  assert.equal(o.retry.delayWarning, 4 * 3600);
  assert.equal(o.mxPort, 25);
});

test('transports and a STARTTLS smarthost with AUTH', () => {
  const o = outboundFromConfig({
    ...base,
    transports: 'b.test=127.0.0.1:2526',
    relayHost: 'smtp.provider.test',
    relayUser: 'me',
    relayPassword: 'secret',
    maxQueueDays: 0.5,
    delayWarningHours: 0,
  });
  assert.deepEqual(o.transports.get('b.test'), { host: '127.0.0.1', port: 2526 });
  assert.deepEqual(o.relay, {
    host: 'smtp.provider.test',
    port: 587,
    secure: false,
    requireTls: true,
    auth: { user: 'me', pass: 'secret' },
  });
  assert.equal(o.retry.maxAge, 12 * 3600);
  assert.equal(o.retry.delayWarning, 0, '0: no delay warnings');
});

test('an implicit-TLS relay defaults to port 465; bad specs are clear errors', () => {
  const o = outboundFromConfig({ ...base, relayHost: 'relay.test', relayTls: 'implicit' });
  assert.equal(o.relay?.port, 465);
  assert.equal(o.relay?.secure, true);
  assert.equal(o.relay?.auth, null);
  assert.throws(() => outboundFromConfig({ ...base, transports: 'nohost' }), /expected domain=host:port/);
  assert.throws(() => outboundFromConfig({ ...base, relayHost: 'relay.test:99999' }), /bad port/);
});

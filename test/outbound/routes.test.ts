import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHostPort, parseTransports, type RouteConfig, routeFor } from '../../src/outbound/routes.js';

test('host:port parsing', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:2525'), { host: '127.0.0.1', port: 2525 });
  assert.deepEqual(parseHostPort('mx.example.test'), { host: 'mx.example.test', port: 25 });
  assert.deepEqual(parseHostPort('[::1]:587'), { host: '::1', port: 587 });
  assert.deepEqual(parseHostPort('[::1]', 465), { host: '::1', port: 465 });
  for (const bad of ['::1:25', 'host:0', 'host:70000', 'host:x', '', 'a b:25']) {
    assert.throws(() => parseHostPort(bad), /bad/, bad);
  }
});

test('transport list parsing', () => {
  const m = parseTransports(' B.test=127.0.0.1:2600 , *=relay.test:587,');
  assert.deepEqual(
    [...m.entries()],
    [
      ['b.test', { host: '127.0.0.1', port: 2600 }],
      ['*', { host: 'relay.test', port: 587 }],
    ],
  );
  assert.throws(() => parseTransports('nohost'), /expected domain=host:port/);
});

test('override beats relay beats MX', () => {
  const relay = { host: 'smarthost.test', port: 587, secure: false, requireTls: true, auth: null };
  const cfg: RouteConfig = { transports: new Map([['b.test', { host: '127.0.0.1', port: 2600 }]]), relay };
  assert.deepEqual(routeFor('B.TEST', cfg), { kind: 'fixed', host: '127.0.0.1', port: 2600 });
  assert.deepEqual(routeFor('c.test', cfg), { kind: 'relay', relay });
  assert.deepEqual(routeFor('c.test', { transports: new Map(), relay: null }), {
    kind: 'mx',
    domain: 'c.test',
  });
  const wild: RouteConfig = { transports: new Map([['*', { host: 'h', port: 1 }]]), relay };
  assert.equal(routeFor('x.test', wild).kind, 'fixed');
});

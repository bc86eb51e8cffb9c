import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { deliverToDomain, type RemoteDeliveryDeps } from '../../src/outbound/deliver-remote.js';
import { classifySend, enhancedCode, sendToHost } from '../../src/outbound/smtp-client.js';
import { type FakeMx, startFakeMx } from '../support-smtp/fake-mx.js';

const client = { heloName: 'out.src.test', connectTimeoutMs: 5000, socketTimeoutMs: 5000 };
const body = Buffer.from('From: a@src.test\r\nTo: x@dst.test\r\nSubject: t\r\n\r\nhello\r\n');
const env = (to: string[]) => ({ from: 'a@src.test', to, size: body.length, eightBit: false });
const target = (port: number) => ({
  host: '127.0.0.1',
  port,
  secure: false,
  requireTls: false,
  auth: null,
  verifyCertificate: false,
});
const open: FakeMx[] = [];
async function mx(o: Parameters<typeof startFakeMx>[0]) {
  const m = await startFakeMx(o);
  open.push(m);
  return m;
}
after(async () => {
  await Promise.all(open.map((m) => m.close()));
});

test('enhanced codes come from the reply text or the reply class', () => {
  assert.equal(enhancedCode('550 5.1.1 no such user', 550, true), '5.1.1');
  assert.equal(enhancedCode('451 try later', 451, false), '4.0.0');
  assert.equal(enhancedCode(undefined, null, true), '5.0.0');
});

test('classifySend maps per-recipient rejections and accepted recipients', () => {
  const out = classifySend(['a@x', 'b@x', 'c@x'], 'mx', null, {
    accepted: ['a@x'],
    rejectedErrors: [
      { recipient: 'b@x', responseCode: 550, response: '550 5.1.1 unknown' },
      { recipient: 'c@x', responseCode: 452, response: '452 4.2.2 full' },
    ],
    response: '250 2.0.0 queued',
  });
  assert.deepEqual(
    out.map((o) => [o.recipient, o.status, o.enhanced]),
    [
      ['a@x', 'delivered', '2.0.0'],
      ['b@x', 'permanent', '5.1.1'],
      ['c@x', 'temporary', '4.2.2'],
    ],
  );
});

test('a clean delivery over opportunistic STARTTLS arrives byte-exact', async () => {
  const m = await mx({ tls: true });
  const out = await sendToHost(target(m.port), client, env(['x@dst.test']), () => body);
  assert.equal(out[0]?.status, 'delivered');
  assert.equal(m.received.length, 1);
  assert.equal(m.received[0]?.secure, true, 'STARTTLS was used');
  assert.equal(m.received[0]?.from, 'a@src.test');
  assert.ok(m.received[0]?.body.equals(body));
});

test('4xx then 250: first attempt temporary, the retry delivers', async () => {
  const m = await mx({ onRcpt: (_r, n) => (n === 1 ? '451 4.3.0 greylisted' : null) });
  const first = await sendToHost(target(m.port), client, env(['x@dst.test']), () => body);
  assert.equal(first[0]?.status, 'temporary');
  assert.equal(first[0]?.code, 451);
  assert.equal(first[0]?.enhanced, '4.3.0');
  assert.equal(m.received.length, 0);
  const second = await sendToHost(target(m.port), client, env(['x@dst.test']), () => body);
  assert.equal(second[0]?.status, 'delivered');
  assert.equal(m.received.length, 1);
});

test('mixed recipients: one 5xx, one 4xx, one accepted', async () => {
  const m = await mx({
    onRcpt: (r) =>
      r.startsWith('bad') ? '550 5.1.1 no such user' : r.startsWith('busy') ? '452 4.2.2 full' : null,
  });
  const out = await sendToHost(
    target(m.port),
    client,
    env(['ok@d.test', 'bad@d.test', 'busy@d.test']),
    () => body,
  );
  assert.deepEqual(
    out.map((o) => o.status),
    ['delivered', 'permanent', 'temporary'],
  );
  assert.deepEqual(m.received[0]?.to, ['ok@d.test']);
  assert.equal(out[1]?.remoteMta, '127.0.0.1');
});

test('all recipients rejected permanently, and a 5xx after DATA', async () => {
  const m = await mx({ onRcpt: () => '550 5.1.1 nope' });
  const out = await sendToHost(target(m.port), client, env(['a@d.test', 'b@d.test']), () => body);
  assert.deepEqual(
    out.map((o) => [o.status, o.enhanced]),
    [
      ['permanent', '5.1.1'],
      ['permanent', '5.1.1'],
    ],
  );
  const d = await mx({ onData: () => '554 5.6.0 content rejected' });
  const out2 = await sendToHost(target(d.port), client, env(['a@d.test']), () => body);
  assert.deepEqual(
    out2.map((o) => [o.status, o.enhanced]),
    [['permanent', '5.6.0']],
  );
});

test('connection refused is temporary with no remote MTA', async () => {
  const m = await mx({});
  const port = m.port;
  await m.close();
  open.splice(open.indexOf(m), 1);
  const out = await sendToHost(target(port), client, env(['a@d.test']), () => body);
  assert.equal(out[0]?.status, 'temporary');
  assert.equal(out[0]?.code, null);
  assert.equal(out[0]?.remoteMta, null);
});

test('smarthost relay with AUTH; bad credentials keep the mail queued', async () => {
  const m = await mx({ tls: true, auth: { user: 'relayuser', pass: 'secret' } });
  const relay = { ...target(m.port), requireTls: true, auth: { user: 'relayuser', pass: 'secret' } };
  const out = await sendToHost(
    relay,
    { ...client, tls: { rejectUnauthorized: false } },
    env(['x@far.test']),
    () => body,
  );
  assert.equal(out[0]?.status, 'delivered');
  assert.equal(m.received[0]?.user, 'relayuser');
  const bad = { ...relay, auth: { user: 'relayuser', pass: 'wrong' } };
  const out2 = await sendToHost(
    bad,
    { ...client, tls: { rejectUnauthorized: false } },
    env(['x@far.test']),
    () => body,
  );
  assert.equal(out2[0]?.status, 'temporary');
  assert.equal(out2[0]?.enhanced, '4.7.0');
});

test('deliverToDomain walks MX hosts: a dead first MX falls through to the second', async () => {
  const good = await mx({});
  const dead = await mx({});
  const deadPort = dead.port;
  await dead.close();
  open.splice(open.indexOf(dead), 1);
  // Both MX names resolve to loopback; the per-host port comes from a send wrapper.
  const ports = new Map([
    ['mx1.d.test', deadPort],
    ['mx2.d.test', good.port],
  ]);
  const deps: RemoteDeliveryDeps = {
    routes: { transports: new Map(), relay: null },
    resolver: {
      resolveMx: async () => [
        { exchange: 'mx2.d.test', priority: 20 },
        { exchange: 'mx1.d.test', priority: 10 },
      ],
      resolve4: async () => [],
      resolve6: async () => [],
    },
    client,
    mxPort: 25,
    send: (t, o, e, b) => sendToHost({ ...t, host: '127.0.0.1', port: ports.get(t.host)! }, o, e, b),
  };
  const out = await deliverToDomain('d.test', env(['x@d.test']), () => body, deps);
  assert.equal(out[0]?.status, 'delivered');
  assert.equal(good.received.length, 1);
});

test('deliverToDomain: a domain without mail servers bounces, DNS failure defers', async () => {
  const base = { routes: { transports: new Map(), relay: null }, client, mxPort: 25 };
  const nx = Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
  const sf = Object.assign(new Error('sf'), { code: 'ESERVFAIL' });
  const perm = await deliverToDomain('nx.test', env(['a@nx.test']), () => body, {
    ...base,
    resolver: {
      resolveMx: async () => Promise.reject(nx),
      resolve4: async () => Promise.reject(nx),
      resolve6: async () => Promise.reject(nx),
    },
  });
  assert.deepEqual([perm[0]?.status, perm[0]?.enhanced], ['permanent', '5.1.2']);
  const temp = await deliverToDomain('sf.test', env(['a@sf.test']), () => body, {
    ...base,
    resolver: {
      resolveMx: async () => Promise.reject(sf),
      resolve4: async () => [],
      resolve6: async () => [],
    },
  });
  assert.equal(temp[0]?.status, 'temporary');
});

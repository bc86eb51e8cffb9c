import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MxRecord, type MxResolver, resolveMxHosts } from '../../src/outbound/mx.js';
import { OutboundError } from '../../src/outbound/types.js';

function dnsError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

function fakeResolver(zone: {
  mx?: Record<string, MxRecord[] | string>;
  a?: Record<string, string[] | string>;
  aaaa?: Record<string, string[] | string>;
}): MxResolver {
  const look = async <T>(table: Record<string, T | string> | undefined, name: string): Promise<T> => {
    const v = table?.[name];
    if (v === undefined) throw dnsError('ENOTFOUND');
    if (typeof v === 'string') throw dnsError(v);
    return v;
  };
  return {
    resolveMx: (n) => look(zone.mx, n),
    resolve4: (n) => look(zone.a, n),
    resolve6: (n) => look(zone.aaaa, n),
  };
}

test('MX hosts come back lowest priority first, duplicates and trailing dots removed', async () => {
  const r = fakeResolver({
    mx: {
      'example.test': [
        { exchange: 'MX2.example.test.', priority: 20 },
        { exchange: 'mx1.example.test', priority: 10 },
        { exchange: 'mx2.example.test', priority: 30 },
      ],
    },
  });
  const hosts = await resolveMxHosts('Example.Test.', r);
  assert.deepEqual(hosts, [
    { host: 'mx1.example.test', priority: 10 },
    { host: 'mx2.example.test', priority: 20 },
  ]);
});

test('equal priorities are ordered by the injected random source', async () => {
  const r = fakeResolver({
    mx: {
      'e.test': [
        { exchange: 'a.e.test', priority: 5 },
        { exchange: 'b.e.test', priority: 5 },
      ],
    },
  });
  const seq = (vals: number[]) => () => vals.shift() ?? 0;
  assert.deepEqual(
    (await resolveMxHosts('e.test', r, seq([0.9, 0.1]))).map((h) => h.host),
    ['b.e.test', 'a.e.test'],
  );
  assert.deepEqual(
    (await resolveMxHosts('e.test', r, seq([0.1, 0.9]))).map((h) => h.host),
    ['a.e.test', 'b.e.test'],
  );
});

test('no MX record: the domain itself is the implicit MX when it has A or AAAA', async () => {
  const v4 = fakeResolver({ mx: { 'a.test': 'ENODATA' }, a: { 'a.test': ['192.0.2.1'] } });
  assert.deepEqual(await resolveMxHosts('a.test', v4), [{ host: 'a.test', priority: 0 }]);
  const v6 = fakeResolver({ mx: { 'b.test': 'ENODATA' }, aaaa: { 'b.test': ['2001:db8::1'] } });
  assert.deepEqual(await resolveMxHosts('b.test', v6), [{ host: 'b.test', priority: 0 }]);
});

test('a domain that does not exist fails permanently (5.1.2)', async () => {
  await assert.rejects(resolveMxHosts('nowhere.test', fakeResolver({})), (e: unknown) => {
    assert.ok(e instanceof OutboundError);
    assert.equal(e.permanent, true);
    assert.equal(e.enhanced, '5.1.2');
    return true;
  });
});

test('a null MX (RFC 7505) fails permanently (5.1.10)', async () => {
  const r = fakeResolver({ mx: { 'n.test': [{ exchange: '', priority: 0 }] } });
  await assert.rejects(resolveMxHosts('n.test', r), (e: unknown) => {
    assert.ok(e instanceof OutboundError);
    assert.equal(e.permanent, true);
    assert.equal(e.enhanced, '5.1.10');
    return true;
  });
});

test('DNS trouble (SERVFAIL, timeout) is temporary', async () => {
  await assert.rejects(
    resolveMxHosts('s.test', fakeResolver({ mx: { 's.test': 'ESERVFAIL' } })),
    (e: unknown) => {
      assert.ok(e instanceof OutboundError);
      assert.equal(e.permanent, false);
      return true;
    },
  );
  const fallbackFails = fakeResolver({ mx: { 't.test': 'ENODATA' }, a: { 't.test': 'ETIMEOUT' } });
  await assert.rejects(resolveMxHosts('t.test', fallbackFails), (e: unknown) => {
    assert.ok(e instanceof OutboundError);
    assert.equal(e.permanent, false);
    return true;
  });
});

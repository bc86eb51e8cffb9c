import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dkimVerify } from 'mailauth';
import { defaultSelector, generateDkimKey, publicKeyFromPrivate } from '../../src/core/dkim.js';
import { dnsRecords, txtStrings, zoneText } from '../../src/core/dns-records.js';
import { dkimSignatureFor } from '../../src/outbound/dkim-sign.js';

test('records cover MX, SPF, DKIM, DMARC, RFC 6186 SRV and autoconfig', () => {
  const recs = dnsRecords({
    domain: 'Example.Test',
    hostname: 'mail.example.test',
    dkim: { selector: 's1', publicKey: 'AAAA' },
  });
  const find = (type: string, name: string) => recs.find((r) => r.type === type && r.name === name);
  assert.equal(find('MX', 'example.test.')?.value, '10 mail.example.test.');
  assert.match(find('TXT', 'example.test.')?.value ?? '', /^v=spf1 mx/);
  assert.equal(find('TXT', 's1._domainkey.example.test.')?.value, 'v=DKIM1; k=rsa; p=AAAA');
  assert.match(find('TXT', '_dmarc.example.test.')?.value ?? '', /^v=DMARC1; p=/);
  assert.equal(find('SRV', '_submission._tcp.example.test.')?.value, '0 1 587 mail.example.test.');
  assert.equal(find('SRV', '_submissions._tcp.example.test.')?.value, '0 1 465 mail.example.test.');
  assert.equal(find('SRV', '_imaps._tcp.example.test.')?.value, '0 1 993 mail.example.test.');
  assert.equal(find('SRV', '_pop3s._tcp.example.test.')?.value, '0 1 995 mail.example.test.');
  assert.equal(find('CNAME', 'autoconfig.example.test.')?.value, 'mail.example.test.');
  assert.equal(
    dnsRecords({ domain: 'x.test', hostname: 'h', dkim: null }).some((r) => r.name.includes('_domainkey')),
    false,
  );
});

test('long TXT values are split into 255-byte strings in zone text', () => {
  const long = 'x'.repeat(600);
  assert.deepEqual(
    txtStrings(long).map((s) => s.length),
    [255, 255, 90],
  );
  const text = zoneText([{ name: 'k.test.', type: 'TXT', value: `a"b${long}`, comment: 'c' }]);
  assert.match(text, /^; c\nk\.test\. 3600 IN TXT "a\\"b/);
  assert.equal((text.match(/" "/g) ?? []).length, 2);
});

test('a generated key signs mail that mailauth verifies against the published record', async () => {
  const key = await generateDkimKey('example.test', new Date('2026-11-05T00:00:00Z'));
  assert.equal(key.selector, defaultSelector(new Date('2026-11-05T00:00:00Z')));
  assert.equal(key.selector, 'pr202611');
  assert.equal(publicKeyFromPrivate(key.privateKeyPem), key.publicKey);
  const recs = dnsRecords({ domain: 'example.test', hostname: 'mail.example.test', dkim: key });
  const msg = Buffer.from('From: a@example.test\r\nTo: b@other.test\r\nSubject: hi\r\n\r\nhello\r\n');
  const signature = await dkimSignatureFor(msg, key);
  assert.match(signature, /^DKIM-Signature: .*d=example\.test/s);
  const resolver = async (name: string, type: string) => {
    const r = recs.find((x) => x.name === `${name}.` && x.type === type);
    if (!r) throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
    return [txtStrings(r.value)];
  };
  const verified = await dkimVerify(Buffer.concat([Buffer.from(signature), msg]), { resolver });
  assert.equal(verified.results[0]?.status.result, 'pass');
  const tampered = Buffer.concat([
    Buffer.from(signature),
    Buffer.from(msg.toString().replace('hello', 'HELLO')),
  ]);
  assert.notEqual((await dkimVerify(tampered, { resolver })).results[0]?.status.result, 'pass');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstRunBanner, webmailUrl } from '../../src/app/banner.js';
import { loadConfig } from '../../src/config/load.js';

const account = { address: 'postmaster@localhost', password: 'correct-horse-battery' };

test('the first-start banner shows the account and each client port with its TLS mode', () => {
  const config = loadConfig({ overrides: { dev: true, data: undefined }, cwd: '/srv' });
  const text = firstRunBanner(config, account, {
    imap: 1143,
    imaps: 1993,
    pop3s: 1995,
    submission: 1587,
    http: 8080,
  });
  assert.match(text, /address: {2}postmaster@localhost\n/);
  assert.match(text, /password: correct-horse-battery\n/);
  assert.match(text, /server localhost, user name = the full address/);
  assert.match(text, /IMAP {12}port 1993 {2}SSL\/TLS\n/);
  assert.match(text, /IMAP {12}port 1143 {2}STARTTLS\n/);
  assert.match(text, /POP3 {12}port 1995 {2}SSL\/TLS\n/);
  assert.match(text, /POP3 {12}port 1110 {2}STARTTLS {2}\(not running\)\n/);
  assert.match(text, /SMTP \(sending\) {2}port 1587 {2}STARTTLS\n/);
  assert.match(text, /SMTP \(sending\) {2}port 1465 {2}SSL\/TLS {2}\(not running\)\n/);
  assert.match(text, /Webmail {9}http:\/\/localhost:8080\/\n/);
  assert.match(text, /self-signed/);
  assert.match(text, /postroom user passwd postmaster@localhost --password NEW --data \/srv\/data/);
});

test('disabled listeners say so; webmail prefers https and hides default ports', () => {
  const config = loadConfig({
    overrides: { hostname: 'mail.example.test', ports: { pop3: 0 }, tls: { cert: '/c', key: '/k' } },
    cwd: '/',
  });
  const text = firstRunBanner(config, account, { imaps: 993, https: 443, http: 80 });
  assert.match(text, /POP3 {12}port 0 {5}STARTTLS {2}\(disabled\)/);
  assert.match(text, /Webmail {9}https:\/\/mail\.example\.test\/\n/);
  assert.doesNotMatch(text, /self-signed/);
  assert.equal(webmailUrl(config, { https: 8443 }), 'https://mail.example.test:8443/');
  assert.equal(webmailUrl({ ...config, ports: { ...config.ports, https: 0, http: 0 } }), null);
});

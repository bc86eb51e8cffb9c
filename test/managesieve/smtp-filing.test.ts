// Mail arriving on port 25 is filed by a script uploaded over ManageSieve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import nodemailer from 'nodemailer';
import { manageSieveModule } from '../../src/protocols/managesieve/module.js';
import { smtpModule } from '../../src/protocols/smtp/module.js';
import { connectLines } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server.js';

test('a script uploaded over ManageSieve files mail received by SMTP', async () => {
  const srv = await startTestServer({ modules: [smtpModule(), manageSieveModule] });
  const c = await connectLines(srv.ports.managesieve!);
  try {
    while (!(await c.next()).startsWith('OK')) {}
    const plain = Buffer.from(`\0${srv.user.address}\0${srv.user.password}`).toString('base64');
    assert.match(await c.send(`AUTHENTICATE "PLAIN" "${plain}"`), /^OK/);
    const script =
      'require ["fileinto", "mailbox"];\r\nif address :domain "from" "vendor.test" { fileinto :create "Vendors"; }\r\n';
    assert.match(await c.send(`PUTSCRIPT "s" {${script.length}+}\r\n${script}`), /^OK/);
    assert.match(await c.send('SETACTIVE "s"'), /^OK/);
    const t = nodemailer.createTransport({
      host: '127.0.0.1',
      port: srv.ports.smtp!,
      secure: false,
      tls: { rejectUnauthorized: false },
    });
    await t.sendMail({ from: 'sales@vendor.test', to: srv.user.address, subject: 'offer', text: 'buy' });
    await t.sendMail({ from: 'friend@other.test', to: srv.user.address, subject: 'hi', text: 'hello' });
    const user = (await srv.core.accounts.getUser(srv.user.address))!;
    const vendors = await srv.core.mailboxes.require(user.id, 'Vendors');
    const inbox = await srv.core.mailboxes.require(user.id, 'INBOX');
    assert.equal((await srv.core.messages.uids(vendors.id)).length, 1);
    assert.equal((await srv.core.messages.uids(inbox.id)).length, 1);
  } finally {
    c.socket.destroy();
    await srv.stop();
  }
});

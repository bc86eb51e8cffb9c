// The server the interop tests talk to: the whole app (startTestServer: config, store,
// core, authenticator, TLS) running the POP3 module, on ephemeral ports. Only the POP3
// module, so these tests measure POP3 and nothing else can break them.
import { pop3Module } from '../../../src/protocols/pop3/module.js';
import { startTestServer } from '../../helpers/server.js';
import type { Pop3Target } from './target.js';

export async function openTarget(): Promise<Pop3Target> {
  const srv = await startTestServer({ modules: [pop3Module] });
  const mail = srv.core.mail;
  const user = (await mail.accounts.getUser(srv.user.address))!;
  const inbox = await mail.mailboxes.require(user.id, 'INBOX');
  const port = srv.ports.pop3;
  const tlsPort = srv.ports.pop3s;
  if (!port || !tlsPort) throw new Error('the app started no POP3 listeners: is the module registered?');
  return {
    port,
    tlsPort,
    user: srv.user.address,
    password: srv.user.password,
    async deliver(bytes) {
      const source = (async function* () {
        yield Buffer.from(bytes);
      })();
      const r = await mail.delivery.deliver(source, {
        mailFrom: 'sender@example.net',
        rcptTo: [srv.user.address],
      });
      const d = r.recipients[0]?.delivered[0];
      if (!d) throw new Error(`delivery failed: ${r.recipients[0]?.status}`);
      return d.emailId;
    },
    async expunge(uidl) {
      const m = await mail.messages.byEmailId(user.id, uidl);
      if (m) await mail.messages.remove(user.id, m.mailboxId, [{ start: m.uid, end: m.uid }]);
    },
    async inbox() {
      const out: string[] = [];
      for await (const page of mail.messages.pages(inbox.id)) for (const m of page) out.push(m.emailId);
      return out;
    },
    close: () => srv.stop(),
  };
}

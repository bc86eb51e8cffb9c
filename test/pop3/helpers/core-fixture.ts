// The whole POP3 stack in-process over the real store: SQLite store in a temp dir, the
// mail core, the authenticator (scrypt, throttle), the core backend and the server on
// ephemeral loopback ports. The test user is alice@example.test / Secret-1.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { hashPassword } from '../../../src/auth/password.js';
import { createCore, type MailCore } from '../../../src/core/index.js';
import { LeaseKeeper } from '../../../src/core/leases.js';
import { CorePop3Backend } from '../../../src/protocols/pop3/core-backend.js';
import { createPop3Server, type Pop3Server } from '../../../src/protocols/pop3/server.js';
import type { Store, UserId } from '../../../src/store/types.js';
import { openSqliteStore } from '../../../src/store-sqlite/index.js';
import { silentLog } from './silent-log.js';
import type { Pop3Target } from './target.js';
import { testTlsProvider } from './tls.js';

export interface CoreFixture extends Pop3Target {
  core: MailCore;
  store: Store;
  dir: string;
  userId: UserId;
  server: Pop3Server;
  /** Adds another user with password Secret-1. */
  addUser(address: string): Promise<UserId>;
  deliverTo(address: string, bytes: Buffer | string, date?: Date): Promise<string>;
  /** emailIds in a mailbox of `address`, in UID order. */
  mailbox(address: string, name: string): Promise<{ emailId: string; flags: string[] }[]>;
  /** Stops the server and the store; keepData leaves the data dir for a restart. */
  stop(keepData?: boolean): Promise<void>;
}

export async function startCoreFixture(opts: { dir?: string; fresh?: boolean } = {}): Promise<CoreFixture> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'pop3-core-')));
  const store = await openSqliteStore(dir);
  let now: Date | null = null;
  const core = createCore({ store, clock: () => now ?? new Date() });
  const auth = new Authenticator({
    source: {
      getUser: (a) => store.accounts.getUser(a),
      listAppPasswords: (id) => store.accounts.listAppPasswords(id),
      touchAppPassword: (id) => store.accounts.touchAppPassword(id, new Date()),
    },
    // The bad-input tests send some wrong passwords from 127.0.0.1: no delays for them.
    throttle: { freeFailures: 50, accountFreeFailures: 50, blockAfterFailures: 1000 },
  });
  const hash = await hashPassword('Secret-1');
  const addUser = async (address: string): Promise<UserId> => {
    const existing = await core.accounts.getUser(address);
    if (existing) return existing.id;
    return (await core.accounts.createUser(address, hash)).id;
  };
  const user = 'alice@example.test';
  const userId = await addUser(user);
  const backend = new CorePop3Backend({ core, auth, locks: new LeaseKeeper(store.leases), log: silentLog });
  const server = createPop3Server({
    pop3: { host: '127.0.0.1', port: 0 },
    pop3s: { host: '127.0.0.1', port: 0 },
    backend,
    tls: await testTlsProvider(),
    log: silentLog,
    hostname: 'mail.example.test',
    // Every test client comes from 127.0.0.1; the abuse test opens 200 at once.
    connectionLimits: { perAddress: 1000 },
  });
  await server.listen();
  const ports = server.addresses();

  const deliverTo = async (address: string, bytes: Buffer | string, date?: Date) => {
    now = date ?? null;
    try {
      const r = await core.delivery.deliver(
        (async function* () {
          yield Buffer.from(bytes);
        })(),
        { mailFrom: 'sender@example.net', rcptTo: [address] },
      );
      const d = r.recipients[0]?.delivered[0];
      if (!d) throw new Error(`delivery to ${address} failed: ${r.recipients[0]?.status}`);
      return d.emailId;
    } finally {
      now = null;
    }
  };
  const mailbox = async (address: string, name: string) => {
    const u = (await core.accounts.getUser(address))!;
    const box = await core.mailboxes.require(u.id, name);
    const out: { emailId: string; flags: string[] }[] = [];
    for await (const page of core.messages.pages(box.id))
      for (const m of page) out.push({ emailId: m.emailId, flags: m.flags });
    return out;
  };
  let stopped = false;
  const stop = async (keepData = false) => {
    if (stopped) return;
    stopped = true;
    await server.close(true);
    await store.close();
    if (!keepData) await rm(dir, { recursive: true, force: true });
  };

  return {
    port: ports.pop3!,
    tlsPort: ports.pop3s!,
    user,
    password: 'Secret-1',
    core,
    store,
    dir,
    userId,
    server,
    addUser,
    deliverTo,
    mailbox,
    deliver: (bytes) => deliverTo(user, bytes),
    expunge: async (uidl) => {
      const m = await core.messages.byEmailId(userId, uidl);
      if (m) await core.messages.remove(userId, m.mailboxId, [{ start: m.uid, end: m.uid }]);
    },
    inbox: async () => (await mailbox(user, 'INBOX')).map((m) => m.emailId),
    close: () => stop(false),
    stop,
  };
}

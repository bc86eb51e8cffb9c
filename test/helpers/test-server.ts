// The IMAP server in-process over the real store, for protocol tests driven by real
// clients: SQLite store in a temp dir, the mail core, the authenticator (scrypt, relaxed
// throttle) and the server on ephemeral loopback ports (143-style with STARTTLS, and
// implicit TLS). The test user is alice@example.test / Secret-1.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Authenticator } from '../../src/auth/authenticator.js';
import { hashPassword } from '../../src/auth/password.js';
import { createCore, type MailCore } from '../../src/core/index.js';
import type { ImapLimits } from '../../src/protocols/imap/limits.js';
import { createImapServer, type ImapServer } from '../../src/protocols/imap/server.js';
import type { Store, UserId } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { testTlsProvider } from '../pop3/helpers/tls.js';

const nothing = () => {};
export const silentImapLog = { debug: nothing, info: nothing, warn: nothing, error: nothing };

export interface TestServer {
  /** Plain port (STARTTLS available). */
  port: number;
  /** Implicit-TLS port. */
  tlsPort: number;
  user: string;
  password: string;
  userId: UserId;
  core: MailCore;
  store: Store;
  server: ImapServer;
  /** Adds a user with password Secret-1 (or returns the existing one). */
  addUser(address: string): Promise<UserId>;
  /** Delivers a message through the core (as SMTP would); returns its emailId. */
  deliver(bytes: Buffer | string, address?: string): Promise<string>;
  /** The mailbox record of the test user. */
  mailbox(name: string): ReturnType<MailCore['mailboxes']['require']>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  limits?: Partial<ImapLimits>;
  /** 'never': passwords need TLS even from loopback (to test LOGINDISABLED). */
  allowPlaintext?: 'loopback' | 'never' | 'always';
  maxMessageSize?: number;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'imap-test-'));
  const store = await openSqliteStore(dir);
  const core = createCore({
    store,
    ...(opts.maxMessageSize ? { limits: { maxMessageSize: opts.maxMessageSize } } : {}),
  });
  const auth = new Authenticator({
    source: {
      getUser: (a) => store.accounts.getUser(a),
      listAppPasswords: (id) => store.accounts.listAppPasswords(id),
      touchAppPassword: (id) => store.accounts.touchAppPassword(id, new Date()),
    },
    allowPlaintext: opts.allowPlaintext ?? 'loopback',
    throttle: { freeFailures: 1000, accountFreeFailures: 1000, blockAfterFailures: 100000 },
  });
  const hash = await hashPassword('Secret-1');
  const addUser = async (address: string): Promise<UserId> => {
    const existing = await core.accounts.getUser(address);
    if (existing) return existing.id;
    return (await core.accounts.createUser(address, hash)).id;
  };
  const user = 'alice@example.test';
  const userId = await addUser(user);
  const server = createImapServer({
    imap: { host: '127.0.0.1', port: 0 },
    imaps: { host: '127.0.0.1', port: 0 },
    core,
    auth,
    tls: await testTlsProvider(),
    log: silentImapLog,
    hostname: 'mail.example.test',
    connectionLimits: { perAddress: 1000 },
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  await server.listen();
  const ports = server.addresses();
  let stopped = false;
  return {
    port: ports.imap!,
    tlsPort: ports.imaps!,
    user,
    password: 'Secret-1',
    userId,
    core,
    store,
    server,
    addUser,
    async deliver(bytes, address = user) {
      const r = await core.delivery.deliver(
        (async function* () {
          yield Buffer.from(bytes);
        })(),
        { mailFrom: 'sender@example.net', rcptTo: [address] },
      );
      const d = r.recipients[0]?.delivered[0];
      if (!d) throw new Error(`delivery to ${address} failed: ${r.recipients[0]?.status}`);
      return d.emailId;
    },
    mailbox: (name) => core.mailboxes.require(userId, name),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close(false);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A small RFC 5322 message. */
export function message(subject: string, body = 'Hello.\r\n', from = 'bob@example.net'): string {
  return `From: ${from}\r\nTo: alice@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${Math.random().toString(36).slice(2)}@example.net>\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\n\r\n${body}`;
}

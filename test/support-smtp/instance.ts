// A whole Postroom SMTP side on a temp SQLite store: core, authenticator, Sent copies,
// outbound queue + runner, and the three listeners on ephemeral loopback ports. Tests
// talk to it with real clients and look at the store through the core.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DNSResolver, dkimVerify } from 'mailauth';
import { Authenticator } from '../../src/auth/authenticator.js';
import { hashPassword } from '../../src/auth/password.js';
import { dnsRecords } from '../../src/core/dns-records.js';
import { createCore, type MailCore } from '../../src/core/index.js';
import { SentCopies } from '../../src/core/sent-copy.js';
import { createAnalyzer } from '../../src/mime/index.js';
import { createOutbound, type Outbound } from '../../src/outbound/outbound.js';
import type { HostPort } from '../../src/outbound/routes.js';
import { DEFAULT_SMTP_LIMITS, type SmtpLimits } from '../../src/protocols/smtp/limits.js';
import { createSmtpListener, type SmtpListener } from '../../src/protocols/smtp/server.js';
import { smtpServices } from '../../src/protocols/smtp/services.js';
import type { Store } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';
import { testCert } from './fake-mx.js';

export interface Instance {
  hostname: string;
  dir: string;
  store: Store;
  core: MailCore;
  outbound: Outbound;
  ports: { smtp: number; submission: number; submissions: number };
  addUser(address: string, password: string): Promise<number>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  hostname?: string;
  transports?: Map<string, HostPort>;
  limits?: Partial<SmtpLimits>;
  resolver?: DNSResolver;
  loopbackPlaintext?: boolean;
  /** Listeners expect a PROXY protocol header (tests fake a remote client address with it). */
  proxyProtocol?: boolean;
  allowPlaintext?: 'loopback' | 'never';
  retry?: { firstDelay: number; factor: number; maxDelay: number; maxAge: number };
  dir?: string;
}

const quiet = { info() {}, warn() {} };

/** A resolver that knows nothing: SPF/DKIM/DMARC come out 'none', offline. */
export const emptyResolver: DNSResolver = async () => {
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

export async function startInstance(opts: InstanceOptions = {}): Promise<Instance> {
  const hostname = opts.hostname ?? 'mx.example.test';
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'postroom-smtp-')));
  const store = await openSqliteStore(dir);
  const core = createCore({ store, analyzer: createAnalyzer });
  const auth = new Authenticator({
    allowPlaintext: opts.allowPlaintext ?? 'loopback',
    source: {
      getUser: (a) => store.accounts.getUser(a),
      listAppPasswords: (id) => store.accounts.listAppPasswords(id),
      touchAppPassword: (id) => store.accounts.touchAppPassword(id, new Date()),
    },
  });
  const outbound = createOutbound({
    core,
    queue: store.queue!,
    blobs: store.blobs,
    hostname,
    remote: {
      routes: { transports: opts.transports ?? new Map(), relay: null },
      resolver: { resolveMx: async () => [], resolve4: async () => [], resolve6: async () => [] },
      client: { heloName: hostname, connectTimeoutMs: 5000, socketTimeoutMs: 10_000 },
      mxPort: 25,
    },
    retry: opts.retry ?? { firstDelay: 1, factor: 1, maxDelay: 1, maxAge: 3600 },
    log: quiet,
    pollMs: 200,
  });
  const services = smtpServices({
    core,
    sentCopies: new SentCopies(store, core.messages),
    outbound,
    dkimKeys: store.dkimKeys ?? null,
    auth,
    resolver: opts.resolver ?? emptyResolver,
    log: quiet,
  });
  const cert = await testCert();
  const limits = { ...DEFAULT_SMTP_LIMITS, closeTimeoutMs: 500, ...opts.limits };
  const mk = (kind: 'inbound' | 'submission' | 'submissions') =>
    createSmtpListener({
      kind,
      hostname,
      host: '127.0.0.1',
      port: 0,
      tls: { key: cert.key, cert: cert.cert },
      limits,
      services,
      loopbackPlaintext: opts.loopbackPlaintext ?? true,
      proxyProtocol: opts.proxyProtocol ?? false,
    });
  const listeners: SmtpListener[] = [mk('inbound'), mk('submission'), mk('submissions')];
  const [smtp, submission, submissions] = await Promise.all(listeners.map((l) => l.listen()));
  outbound.runner.start();
  return {
    hostname,
    dir,
    store,
    core,
    outbound,
    ports: { smtp: smtp!, submission: submission!, submissions: submissions! },
    async addUser(address, password) {
      const u = await core.accounts.createUser(address, await hashPassword(password));
      return u.id;
    },
    async close() {
      await outbound.runner.stop();
      await Promise.all(listeners.map((l) => l.close(false)));
      await store.close();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Raw bytes of every message in a user's mailbox, ascending UID. */
export async function mailboxBodies(inst: Instance, address: string, mailbox = 'INBOX'): Promise<Buffer[]> {
  const user = await inst.core.accounts.requireUser(address);
  const mb = await inst.core.mailboxes.require(user.id, mailbox);
  const recs = await inst.store.mail.messages(mb.id, [{ start: 1, end: Number.POSITIVE_INFINITY }], 10_000);
  return Promise.all(recs.map((r) => inst.store.blobs.readBuffer(r.blobId)));
}

/** Resolves when `check` returns true, polling on the store's change feed or a short timer. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** mailauth's DKIM verdict on `message`, with DNS answered from the instance's own records. */
export async function verifyDkim(inst: Instance, message: Buffer, domain = 'example.test') {
  const key = (await inst.store.dkimKeys!.get(domain))!;
  const recs = dnsRecords({ domain, hostname: inst.hostname, dkim: key });
  const resolver = async (name: string, type: string) => {
    const r = recs.find((x) => x.name === `${name}.` && x.type === type);
    if (!r) throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
    return [[r.value]];
  };
  return (await dkimVerify(message, { resolver })).results[0];
}

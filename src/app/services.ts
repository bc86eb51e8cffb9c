// The shared services every protocol gets, opened from the config: store, core,
// authenticator, TLS. close() releases them in reverse order.
import { Authenticator } from '../auth/authenticator.js';
import { hashPassword } from '../auth/password.js';
import { generatePassword } from '../auth/password-policy.js';
import type { Config } from '../config/schema.js';
import { createCore, type MailCore } from '../core/index.js';
import type { SentCopies } from '../core/sent-copy.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import { CertificateError, type CertificateFiles, loadOrCreateCertificate } from '../tls/certificate.js';
import { TlsContextProvider } from '../tls/context.js';
import type { FirstAccount } from './banner.js';
import { credentialSource } from './credentials.js';
import { StartupError } from './errors.js';
import { openStore } from './store.js';

/**
 * The core object protocols get: the mail core itself, plus the store (for modules that
 * still reach below the core, e.g. the outbound queue) and shared helpers.
 */
export interface Core extends MailCore {
  store: Store;
  /** The same object as the core itself, for modules that ask for `{ mail }`. */
  mail: MailCore;
  /** Shared by SMTP submission and IMAP APPEND so the Sent de-duplication covers both. */
  sentCopies: SentCopies;
}

export function buildCore(config: Config, store: Store): Core {
  const mail = createCore({ store, limits: { maxMessageSize: config.limits.maxMessageBytes } });
  // The core's own SentCopies (it files the Sent copy by outgoing Sieve rules).
  return { ...mail, store, mail, sentCopies: mail.sentCopies };
}

export interface Services {
  store: Store;
  core: Core;
  auth: Authenticator;
  tls: TlsContextProvider;
  certificate: CertificateFiles;
  /** Resolves when the checks run after start (body files) are done. */
  checked(): Promise<void>;
  /** Creates postmaster@hostname with a generated password when no user exists. */
  ensureFirstAccount(): Promise<FirstAccount | null>;
  close(): Promise<void>;
}

export async function openServices(config: Config, log: Logger): Promise<Services> {
  const store = await openStore(config, log);
  let closing = false;
  let bodyCheck: Promise<void> = Promise.resolve();
  try {
    const { repaired } = await store.check();
    if (repaired.length > 0)
      log.warn({ subsystem: 'store', repaired }, 'store repaired after an unclean stop');
    // Body files are checked once the server runs: on 100,000 messages that is seconds.
    bodyCheck = store
      .findMissingBodies(() => closing)
      .then(
        (missing) => {
          if (missing.length > 0)
            log.error({ subsystem: 'store', missing }, 'messages whose body file is missing');
        },
        (err: unknown) => {
          if (!closing) log.error({ subsystem: 'store', err }, 'body file check failed');
        },
      );
    const core = buildCore(config, store);
    const { accounts } = core;
    const tlsLog = log.child({ subsystem: 'tls' });
    let certificate: CertificateFiles;
    try {
      certificate = await loadOrCreateCertificate({
        dataDir: config.dataDir,
        hostname: config.hostname,
        ...(config.tls.cert !== undefined ? { certFile: config.tls.cert } : {}),
        ...(config.tls.key !== undefined ? { keyFile: config.tls.key } : {}),
      });
    } catch (e) {
      if (e instanceof CertificateError) throw new StartupError(e.message, { cause: e });
      throw e;
    }
    tlsLog.info(
      {
        selfSigned: certificate.selfSigned,
        created: certificate.created,
        fingerprint256: certificate.fingerprint256,
      },
      'certificate',
    );
    const tls = await TlsContextProvider.create({
      certFile: certificate.certFile,
      keyFile: certificate.keyFile,
      onReload: (info) => tlsLog.info(info, 'certificate reloaded'),
      onError: (err) => tlsLog.error({ err }, 'certificate reload refused; the previous one stays in use'),
    });
    tls.watch();
    const authLog = log.child({ subsystem: 'auth' });
    const auth = new Authenticator({
      source: credentialSource(store.accounts),
      onResult: (req, result, details) => {
        const fields = { user: req.username, protocol: req.protocol, remote: req.remoteAddress, ...details };
        if (result.ok) authLog.info({ ...fields, via: result.via }, 'login');
        else authLog.warn({ ...fields, reason: result.reason }, 'login refused');
      },
    });
    return {
      store,
      core,
      auth,
      tls,
      certificate,
      checked: () => bodyCheck,
      async ensureFirstAccount() {
        if ((await accounts.countUsers()) > 0) return null;
        const address = `postmaster@${config.hostname}`;
        const password = generatePassword();
        await accounts.createUser(address, await hashPassword(password));
        log.info({ address }, 'created the first account');
        return { address, password };
      },
      async close() {
        tls.close();
        closing = true;
        await bodyCheck;
        await store.close();
      },
    };
  } catch (e) {
    closing = true;
    await bodyCheck;
    await store.close();
    throw e;
  }
}

// The shared services every protocol gets, opened from the config: store, core,
// authenticator, TLS. close() releases them in reverse order.
import { Authenticator } from '../auth/authenticator.js';
import { hashPassword } from '../auth/password.js';
import { generatePassword } from '../auth/password-policy.js';
import type { Config } from '../config/schema.js';
import type { AccountService } from '../core/accounts.js';
import { createCore, type MailCore } from '../core/index.js';
import { SentCopies } from '../core/sent-copy.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import { CertificateError, type CertificateFiles, loadOrCreateCertificate } from '../tls/certificate.js';
import { TlsContextProvider } from '../tls/context.js';
import type { FirstAccount } from './banner.js';
import { credentialSource } from './credentials.js';
import { StartupError } from './errors.js';
import { openStore } from './store.js';

/**
 * What protocols are given: the mail core (src/core createCore), its account service,
 * the Sent-copy deduper shared by SMTP submission and IMAP APPEND, and the store for
 * the few store-level services not yet behind the core (outbound queue, DKIM keys).
 */
export interface Core {
  accounts: AccountService;
  mail: MailCore;
  sentCopies: SentCopies;
  store: Store;
}

export interface Services {
  store: Store;
  core: Core;
  auth: Authenticator;
  tls: TlsContextProvider;
  certificate: CertificateFiles;
  /** Creates postmaster@hostname with a generated password when no user exists. */
  ensureFirstAccount(): Promise<FirstAccount | null>;
  close(): Promise<void>;
}

export async function openServices(config: Config, log: Logger): Promise<Services> {
  const store = await openStore(config);
  try {
    const { repaired } = await store.check();
    if (repaired.length > 0)
      log.warn({ subsystem: 'store', repaired }, 'store repaired after an unclean stop');
    const mail = createCore({ store, limits: { maxMessageSize: config.limits.maxMessageBytes } });
    const accounts = mail.accounts;
    const sentCopies = new SentCopies(store, mail.messages);
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
      core: { accounts, mail, sentCopies, store },
      auth,
      tls,
      certificate,
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
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}

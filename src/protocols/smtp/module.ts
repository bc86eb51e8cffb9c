// The SMTP ServerModule for the app registry: ports smtp (25), submission (587) and
// submissions (465), plus the outbound queue runner they feed. The composition root gives
// it the mail core and the store; this module builds the outbound side and the SMTP
// services over them, starts the runner with the listeners and stops it after them.
import { Resolver } from 'node:dns/promises';
import type { DNSResolver } from 'mailauth';
import type { BoundListener, ServerModule } from '../../app/server-module.js';
import type { PortName } from '../../config/ports.js';
import type { MailCore } from '../../core/index.js';
import { SentCopies } from '../../core/sent-copy.js';
import type { MxResolver } from '../../outbound/mx.js';
import { createOutbound } from '../../outbound/outbound.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../outbound/retry.js';
import type { HostPort, RelayConfig } from '../../outbound/routes.js';
import { DEFAULT_CLIENT_TIMEOUTS } from '../../outbound/smtp-client.js';
import type { Store } from '../../store/types.js';
import { DEFAULT_SMTP_LIMITS, type SmtpLimits } from './limits.js';
import type { SmtpAuthPort } from './ports.js';
import { createSmtpListener, type SmtpKind, type SmtpListener } from './server.js';
import { smtpServices } from './services.js';

/** What the SMTP module needs from the app's core object. */
export interface SmtpModuleCore {
  store: Store;
  mail: MailCore;
  /** Shared with the IMAP APPEND path so the in-process dedupe lock covers both. */
  sentCopies?: SentCopies;
}

export interface SmtpTlsSource {
  serverOptions(): import('node:tls').TlsOptions;
}

export interface OutboundSettings {
  /** domain -> host:port overrides ('*' for every domain). */
  transports: Map<string, HostPort>;
  relay: RelayConfig | null;
  retry: RetryPolicy;
  /** Remote MX port: 25 (tests may change it). */
  mxPort: number;
}

export interface SmtpModuleOptions {
  outbound?: Partial<OutboundSettings>;
  limits?: Partial<SmtpLimits>;
  /** DNS for MX lookups and for SPF/DKIM/DMARC (system DNS by default). */
  mxResolver?: MxResolver;
  authResolver?: DNSResolver;
}

const KINDS: Record<'smtp' | 'submission' | 'submissions', SmtpKind> = {
  smtp: 'inbound',
  submission: 'submission',
  submissions: 'submissions',
};

export function systemAuthResolver(resolver = new Resolver()): DNSResolver {
  return (name, type) => resolver.resolve(name, type) as Promise<string[] | string[][]>;
}

export function smtpModule(opts: SmtpModuleOptions = {}): ServerModule {
  return {
    name: 'smtp',
    ports: ['smtp', 'submission', 'submissions'],
    create(deps) {
      const { config, core } = deps;
      const log = deps.log;
      const limits = {
        ...DEFAULT_SMTP_LIMITS,
        maxMessageBytes: config.limits.maxMessageBytes,
        ...opts.limits,
      };
      const dns = new Resolver();
      const queue = core.store.queue;
      const outbound = queue
        ? createOutbound({
            core: core.mail,
            queue,
            blobs: core.store.blobs,
            hostname: config.hostname,
            remote: {
              routes: {
                transports: opts.outbound?.transports ?? new Map(),
                relay: opts.outbound?.relay ?? null,
              },
              resolver: opts.mxResolver ?? dns,
              client: { heloName: config.hostname, ...DEFAULT_CLIENT_TIMEOUTS },
              mxPort: opts.outbound?.mxPort ?? 25,
            },
            retry: opts.outbound?.retry ?? DEFAULT_RETRY,
            log: log.child({ subsystem: 'queue' }),
          })
        : null;
      const services = smtpServices({
        core: core.mail,
        sentCopies: core.sentCopies ?? new SentCopies(core.store, core.mail.messages),
        outbound,
        dkimKeys: core.store.dkimKeys ?? null,
        auth: deps.auth,
        resolver: opts.authResolver ?? systemAuthResolver(dns),
        log,
      });
      const listeners: { name: PortName; listener: SmtpListener; host: string }[] = [];
      for (const name of ['smtp', 'submission', 'submissions'] as const) {
        const bind = deps.bindAddress(name);
        if (!bind) continue;
        const host = bind.host ?? '::';
        listeners.push({
          name,
          host,
          listener: createSmtpListener({
            kind: KINDS[name],
            hostname: config.hostname,
            host,
            port: bind.port,
            tls: deps.tls.serverOptions(),
            limits,
            services,
          }),
        });
      }
      return {
        async listen(): Promise<BoundListener[]> {
          const bound: BoundListener[] = [];
          try {
            for (const l of listeners) {
              const port = await l.listener.listen();
              bound.push({
                port: l.name,
                host: l.host,
                boundPort: port,
                tls: l.name === 'submissions' ? 'implicit' : 'starttls',
              });
            }
          } catch (e) {
            await Promise.all(listeners.map((l) => l.listener.close(false)));
            throw e;
          }
          outbound?.runner.start();
          return bound;
        },
        async close(graceful) {
          await Promise.all(listeners.map((l) => l.listener.close(graceful)));
          await outbound?.runner.stop();
        },
        sessionCount: () => listeners.reduce((n, l) => n + l.listener.sessionCount(), 0),
      };
    },
  };
}

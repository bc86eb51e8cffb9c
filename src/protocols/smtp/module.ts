// The SMTP ServerModule for the app registry: ports smtp (25), submission (587) and
// submissions (465), plus the outbound queue runner they feed. The composition root gives
// it the mail core and the store; this module builds the outbound side and the SMTP
// services over them, starts the runner with the listeners and stops it after them.
import { Resolver } from 'node:dns/promises';
import type { DNSResolver } from 'mailauth';
import type { BoundListener, ServerModule } from '../../app/server-module.js';
import type { PortName } from '../../config/ports.js';
import type { Config } from '../../config/schema.js';
import { SentCopies } from '../../core/sent-copy.js';
import type { MxResolver } from '../../outbound/mx.js';
import { createOutbound } from '../../outbound/outbound.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../outbound/retry.js';
import { type HostPort, parseHostPort, parseTransports, type RelayConfig } from '../../outbound/routes.js';
import { DEFAULT_CLIENT_TIMEOUTS } from '../../outbound/smtp-client.js';
import { DEFAULT_SMTP_LIMITS, type SmtpLimits } from './limits.js';
import { createSmtpListener, type SmtpKind, type SmtpListener } from './server.js';
import { smtpServices } from './services.js';

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

/** Outbound settings from the config file (outbound.*); options given in code win. */
export function outboundFromConfig(c: Config['outbound']): OutboundSettings {
  const relay: RelayConfig | null = c.relayHost
    ? {
        ...parseHostPort(c.relayHost, c.relayTls === 'implicit' ? 465 : 587),
        secure: c.relayTls === 'implicit',
        requireTls: c.relayTls === 'starttls',
        auth: c.relayUser ? { user: c.relayUser, pass: c.relayPassword } : null,
      }
    : null;
  return {
    transports: parseTransports(c.transports),
    relay,
    retry: {
      ...DEFAULT_RETRY,
      maxAge: Math.round(c.maxQueueDays * 24 * 3600),
      delayWarning: Math.round(c.delayWarningHours * 3600),
    },
    mxPort: 25,
  };
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
      const out = { ...outboundFromConfig(config.outbound), ...opts.outbound };
      const queue = core.store.queue;
      const outbound = queue
        ? createOutbound({
            core: core.mail,
            queue,
            blobs: core.store.blobs,
            hostname: config.hostname,
            remote: {
              routes: { transports: out.transports, relay: out.relay },
              resolver: opts.mxResolver ?? dns,
              client: { heloName: config.hostname, ...DEFAULT_CLIENT_TIMEOUTS },
              mxPort: out.mxPort,
            },
            retry: out.retry,
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

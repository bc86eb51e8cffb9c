// One SMTP listener (smtp-server underneath): 'inbound' on port 25, 'submission' on 587
// (STARTTLS) and 'submissions' on 465 (implicit TLS, RFC 8314).
import type { AddressInfo } from 'node:net';
import type { TlsOptions } from 'node:tls';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { InboundHandlers } from './inbound.js';
import type { SmtpLimits } from './limits.js';
import type { SmtpServices } from './ports.js';
import { authAllowed, SubmissionHandlers } from './submission.js';

export type SmtpKind = 'inbound' | 'submission' | 'submissions';

/** key/cert, or a provider's options with an SNICallback (src/tls TlsContextProvider.serverOptions()). */
export type SmtpTls = TlsOptions;

export interface SmtpListenerOptions {
  kind: SmtpKind;
  hostname: string;
  host: string;
  port: number;
  /** Certificate for STARTTLS / implicit TLS; null: no TLS (STARTTLS not offered). */
  tls: SmtpTls | null;
  limits: SmtpLimits;
  services: SmtpServices;
  /** Submission: let loopback clients AUTH without TLS (default true). */
  loopbackPlaintext?: boolean;
  /** Accept a PROXY protocol header (behind a load balancer). */
  proxyProtocol?: boolean;
}

export interface SmtpListener {
  listen(): Promise<number>;
  close(graceful: boolean): Promise<void>;
  sessionCount(): number;
}

/** Matches our own reply texts that carry their enhanced code first (see replies.ts). */
const OWN_CODE = /^([245]\.\d{1,3}\.\d{1,3}) /;

interface PatchableConnection {
  secure: boolean;
  remoteAddress: string;
  send(code: number, data: unknown, context?: unknown): void;
  _parseAddressCommand?: (name: unknown, command: unknown) => unknown;
}

/**
 * `MAIL FROM:a@b` -> `MAIL FROM:<a@b>` (CLIENT-QUIRKS §7, Dovecot's mailbox-for-path:
 * some clients omit the brackets). Submission only; port 25 stays strict.
 */
export function bracketPath(command: string): string {
  const m = /^(\s*(?:MAIL\s+FROM|RCPT\s+TO)\s*:\s*)([^<\s]\S*)(.*)$/is.exec(command);
  return m ? `${m[1]}<${m[2]}>${m[3]}` : command;
}

/**
 * smtp-server derives the enhanced status code from the basic code alone (550 -> 5.1.1),
 * which is wrong for e.g. "554 5.7.1 relay denied". Our texts carry their code; this
 * sends it as the one code on the line.
 */
class PostroomSmtpServer extends SMTPServer {
  /** Accept paths without angle brackets (submission). */
  lenientPaths = false;
  /** Submission: whether this connection may AUTH now; when not, EHLO does not offer it. */
  authVisible: ((c: { secure: boolean; remoteAddress: string }) => boolean) | null = null;

  override connect(...args: Parameters<SMTPServer['connect']>): void {
    const before = new Set(this.connections as Set<unknown>);
    super.connect(...args);
    for (const c of this.connections as Set<PatchableConnection>) {
      if (before.has(c)) continue;
      const parse = c._parseAddressCommand;
      // A private smtp-server method: if a later version renames it, we stay strict.
      if (this.lenientPaths && typeof parse === 'function') {
        c._parseAddressCommand = (name, command) => parse.call(c, name, bracketPath(String(command ?? '')));
      }
      const send = c.send.bind(c);
      c.send = (code, data, context) => {
        // The EHLO reply is the one 250 sent as a list of lines: drop AUTH from it while
        // this connection may not authenticate (plaintext, not loopback).
        if (code === 250 && Array.isArray(data) && this.authVisible && !this.authVisible(c)) {
          return send(
            code,
            data.filter((l) => !/^AUTH\b/i.test(String(l))),
            context,
          );
        }
        if (typeof data === 'string' && context === undefined && OWN_CODE.test(data)) {
          return send(code, data, false);
        }
        return send(code, data, context);
      };
    }
  }
}

export function createSmtpListener(opts: SmtpListenerOptions): SmtpListener {
  const { kind, limits, services } = opts;
  const inbound = kind === 'inbound';
  const common: SMTPServerOptions = {
    name: opts.hostname,
    // smtp-server puts "<name> ESMTP" in front of this.
    banner: 'Postroom',
    logger: false,
    size: limits.maxMessageBytes,
    maxClients: limits.maxClients,
    socketTimeout: limits.socketTimeoutMs,
    closeTimeout: limits.closeTimeoutMs,
    useProxy: opts.proxyProtocol ?? false,
    // DSN (RFC 3461): smtp-server checks and decodes NOTIFY/ORCPT/RET/ENVID; we keep them
    // with the message (dsn-params.ts). REQUIRETLS is not implemented: not offered.
    hideDSN: false,
    // RFC 2034: smtp-server hides ENHANCEDSTATUSCODES unless asked.
    hideENHANCEDSTATUSCODES: false,
    hideREQUIRETLS: true,
    hideSTARTTLS: opts.tls === null || kind === 'submissions',
    secure: kind === 'submissions',
    ...(opts.tls ?? {}),
  };
  let server: SMTPServer;
  if (inbound) {
    const h = new InboundHandlers({ hostname: opts.hostname, limits, services });
    server = new PostroomSmtpServer({
      ...common,
      disabledCommands: ['AUTH'],
      authOptional: true,
      ...h.bind(),
      onClose: (session) => h.onClose(session),
    });
  } else {
    const loopbackPlaintext = opts.loopbackPlaintext ?? true;
    const h = new SubmissionHandlers({ hostname: opts.hostname, limits, services, loopbackPlaintext });
    const sub = new PostroomSmtpServer({
      ...common,
      authMethods: ['PLAIN', 'LOGIN'],
      authOptional: false,
      // TLS is enforced per connection in onAuth (loopback may log in without it).
      allowInsecureAuth: true,
      ...h.bind(),
    });
    sub.lenientPaths = true;
    sub.authVisible = (c) => authAllowed(c.secure, c.remoteAddress, loopbackPlaintext);
    server = sub;
  }
  server.on('error', (err) => services.log.warn({ err: String(err), kind }, 'smtp server error'));

  return {
    listen: () =>
      new Promise<number>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.server.once('error', onError);
        server.listen(opts.port, opts.host, () => {
          server.server.off('error', onError);
          resolve((server.server.address() as AddressInfo).port);
        });
      }),
    close: (graceful) =>
      new Promise<void>((resolve) => {
        if (!graceful) {
          for (const c of server.connections as Set<{ close(): void }>) c.close();
        }
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
      }),
    sessionCount: () => server.connections.size,
  };
}

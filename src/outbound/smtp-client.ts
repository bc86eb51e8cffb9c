// One delivery attempt of one message to one SMTP host with nodemailer's
// smtp-connection: opportunistic STARTTLS, optional AUTH (smarthost), and a result per
// recipient classified as delivered / temporary (4xx, network) / permanent (5xx).
import type { Readable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { DsnEnvelope, DsnRecipientParams } from '../store/queue.js';
import type { RecipientOutcome } from './types.js';

export interface DeliveryTarget {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (RFC 8314). */
  secure: boolean;
  /** Fail unless STARTTLS succeeds (relays); MX delivery is opportunistic. */
  requireTls: boolean;
  auth: { user: string; pass: string } | null;
  /** Verify the server certificate (relays); MX delivery accepts any certificate. */
  verifyCertificate: boolean;
}

export interface ClientOptions {
  /** Our name in EHLO. */
  heloName: string;
  connectTimeoutMs: number;
  /** Inactivity limit for the whole exchange. */
  socketTimeoutMs: number;
  /** Extra options for tls.connect (e.g. a test CA). */
  tls?: ConnectionOptions;
}

export const DEFAULT_CLIENT_TIMEOUTS = { connectTimeoutMs: 30_000, socketTimeoutMs: 5 * 60_000 };

export interface OutboundEnvelope {
  /** '' for the null sender of a DSN (RFC 5321 §4.5.5). */
  from: string;
  to: string[];
  size: number;
  /** The body needs 8BITMIME (or SMTPUTF8 for addresses). */
  eightBit: boolean;
  /** DSN parameters to pass on when the host offers DSN (RFC 3461 §6.2.2). */
  dsn?: DsnEnvelope;
  recipientDsn?: Record<string, DsnRecipientParams>;
}

/**
 * nodemailer's client takes NOTIFY/ORCPT once per envelope; RFC 3461 makes them per
 * recipient. It builds each RCPT's parameters in `_getDsnRcptToArgs()` right after adding
 * the recipient to `_recipientQueue`, so this subclass answers for that recipient. If a
 * later nodemailer renames the method, the per-envelope values still go out (the outbound
 * DSN test, which reads them at a second server, then fails).
 */
class PerRecipientDsnConnection extends SMTPConnection {
  recipientDsn: Record<string, DsnRecipientParams> = {};

  _getDsnRcptToArgs(): string {
    const self = this as unknown as { _recipientQueue?: string[]; _envelope?: { dsn?: object } };
    const rcpt = self._recipientQueue?.at(-1);
    const p = rcpt === undefined ? undefined : this.recipientDsn[rcpt];
    if (!p || !self._envelope?.dsn) return '';
    const args: string[] = [];
    if (p.notify) args.push(`NOTIFY=${p.notify.join(',')}`);
    if (p.orcpt) args.push(`ORCPT=${xtext(p.orcpt)}`);
    return args.length ? ` ${args.join(' ')}` : '';
  }
}

/** RFC 3461 §4: xtext, "+XX" for '+', '=', and bytes outside 33..126. */
export function xtext(v: string): string {
  let out = '';
  for (const b of Buffer.from(v, 'utf8')) {
    out +=
      b < 33 || b > 126 || b === 0x2b || b === 0x3d
        ? `+${b.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(b);
  }
  return out;
}

/** Whether an EHLO reply (nodemailer's `ehlo` lines) lists DSN. */
function offersDsn(ehlo: unknown): boolean {
  return Array.isArray(ehlo) && ehlo.some((l) => /^DSN\b/i.test(String(l)));
}

interface SmtpErrorLike {
  code?: string;
  response?: string;
  responseCode?: number;
  recipient?: string;
  rejectedErrors?: SmtpErrorLike[];
  message?: string;
}

/** '550 5.1.1 no such user' -> '5.1.1'; falls back to `<class>.0.0` (RFC 3463 §3.1). */
export function enhancedCode(response: string | undefined, code: number | null, permanent: boolean): string {
  const m = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response ?? '');
  if (m) return m[1]!;
  if (code !== null && code >= 200 && code < 600) return `${Math.floor(code / 100)}.0.0`;
  return permanent ? '5.0.0' : '4.0.0';
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, ' ').trim().slice(0, 500);
}

function failure(recipient: string, e: SmtpErrorLike, host: string): RecipientOutcome {
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const permanent = code !== null && code >= 500;
  const diagnostic = e.response ? oneLine(e.response) : oneLine(e.message ?? 'delivery failed');
  return {
    recipient,
    status: permanent ? 'permanent' : 'temporary',
    code,
    // No reply at all: network trouble (RFC 3463 X.4.1 "no answer from host").
    enhanced: code === null ? '4.4.1' : enhancedCode(e.response, code, permanent),
    diagnostic,
    remoteMta: code === null ? null : host,
  };
}

/** Classifies what send() reported into one outcome per envelope recipient. */
export function classifySend(
  to: string[],
  host: string,
  err: SmtpErrorLike | null,
  info: { accepted: string[]; rejectedErrors?: SmtpErrorLike[]; response: string } | null,
): RecipientOutcome[] {
  const rejected = new Map<string, SmtpErrorLike>();
  for (const r of (err ?? info)?.rejectedErrors ?? []) if (r.recipient) rejected.set(r.recipient, r);
  return to.map((rcpt) => {
    const r = rejected.get(rcpt);
    if (r) return failure(rcpt, r, host);
    if (err) return failure(rcpt, err, host);
    if (info?.accepted.includes(rcpt)) {
      return {
        recipient: rcpt,
        status: 'delivered',
        code: Number(/^\d{3}/.exec(info.response)?.[0] ?? 250),
        enhanced: enhancedCode(info.response, 250, false),
        diagnostic: oneLine(info.response),
        remoteMta: host,
      };
    }
    return failure(rcpt, { message: 'recipient not acknowledged' }, host);
  });
}

/**
 * Delivers `body` to `target` for every envelope recipient; never throws for SMTP or
 * network errors (they become outcomes). `body` is called once, when DATA starts.
 */
export function sendToHost(
  target: DeliveryTarget,
  opts: ClientOptions,
  envelope: OutboundEnvelope,
  body: () => Readable | Buffer,
): Promise<RecipientOutcome[]> {
  return new Promise((resolve) => {
    let settled = false;
    const conn = new PerRecipientDsnConnection({
      host: target.host,
      port: target.port,
      secure: target.secure,
      requireTLS: target.requireTls,
      opportunisticTLS: !target.requireTls,
      name: opts.heloName,
      connectionTimeout: opts.connectTimeoutMs,
      greetingTimeout: opts.connectTimeoutMs,
      socketTimeout: opts.socketTimeoutMs,
      socketCloseTimeout: 0,
      logger: false,
      tls: { rejectUnauthorized: target.verifyCertificate, ...opts.tls },
    });
    const finish = (outcomes: RecipientOutcome[]) => {
      if (settled) return;
      settled = true;
      try {
        conn.quit();
      } catch {
        conn.close();
      }
      resolve(outcomes);
    };
    conn.recipientDsn = envelope.recipientDsn ?? {};
    const failAll = (e: SmtpErrorLike) => finish(envelope.to.map((r) => failure(r, e, target.host)));
    conn.on('error', (e: SmtpErrorLike) => failAll(e));
    conn.connect((connectErr) => {
      if (connectErr) return failAll(connectErr);
      const send = () =>
        conn.send(
          {
            from: envelope.from === '' ? false : envelope.from,
            to: envelope.to,
            size: envelope.size,
            use8BitMime: envelope.eightBit,
            // Sent only when the host offers DSN (nodemailer checks its EHLO reply).
            ...(envelope.dsn ? { dsn: { ret: envelope.dsn.ret, envid: envelope.dsn.envid } } : {}),
          },
          body(),
          (err, info) => {
            const outcomes = classifySend(envelope.to, target.host, err ?? null, info ?? null);
            const passed =
              envelope.dsn !== undefined && offersDsn((info as { ehlo?: unknown } | undefined)?.ehlo);
            finish(passed ? outcomes.map((o) => ({ ...o, remoteDsn: true })) : outcomes);
          },
        );
      if (!target.auth) return send();
      conn.login({ user: target.auth.user, pass: target.auth.pass }, (authErr) => {
        // A relay refusing our credentials is a configuration problem the operator can
        // fix: keep the mail queued (4.7.0) instead of bouncing it.
        if (authErr) {
          const text = `relay authentication failed: ${oneLine(authErr.response ?? authErr.message)}`;
          return finish(
            envelope.to.map((recipient) => ({
              recipient,
              status: 'temporary',
              code: authErr.responseCode ?? null,
              enhanced: '4.7.0',
              diagnostic: text,
              remoteMta: target.host,
            })),
          );
        }
        send();
      });
    });
  });
}

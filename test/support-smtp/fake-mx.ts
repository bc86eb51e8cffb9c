// A scriptable remote SMTP server on an ephemeral loopback port (smtp-server), playing
// the remote MX or smarthost in outbound tests. It records every accepted message.
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  body: Buffer;
  secure: boolean;
  user: string | undefined;
  /** With `dsn`: RET/ENVID and each recipient's NOTIFY/ORCPT as this server parsed them. */
  dsn?: {
    ret: string | null;
    envid: string | null;
    rcpt: Record<string, { notify?: string[]; orcpt?: string }>;
  };
}

export interface FakeMxOptions {
  /** Reply for RCPT TO: null accepts; an error text like '450 4.2.1 busy' rejects. */
  onRcpt?: (rcpt: string, attempt: number) => string | null;
  /** Reply after DATA: null accepts. */
  onData?: (attempt: number) => string | null;
  tls?: boolean;
  auth?: { user: string; pass: string };
  /** Advertise DSN (RFC 3461) and record the parameters received. */
  dsn?: boolean;
}

export interface FakeMx {
  port: number;
  received: Received[];
  rcptAttempts: Map<string, number>;
  close(): Promise<void>;
}

function smtpError(text: string): Error & { responseCode: number } {
  const code = Number(text.slice(0, 3));
  return Object.assign(new Error(text.slice(4)), { responseCode: code });
}

let certCache: Promise<{ key: string; cert: string }> | null = null;
export function testCert(): Promise<{ key: string; cert: string }> {
  certCache ??= generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 }).then((p) => ({
    key: p.private,
    cert: p.cert,
  }));
  return certCache;
}

export async function startFakeMx(opts: FakeMxOptions = {}): Promise<FakeMx> {
  const received: Received[] = [];
  const rcptAttempts = new Map<string, number>();
  let dataAttempts = 0;
  const tlsOpts = opts.tls ? await testCert() : null;
  const options: SMTPServerOptions = {
    logger: false,
    disabledCommands: [...(opts.tls ? [] : ['STARTTLS']), ...(opts.auth ? [] : ['AUTH'])],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    hideDSN: !opts.dsn,
    ...(tlsOpts ?? {}),
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        return cb(null, { user: auth.username });
      }
      cb(smtpError('535 5.7.8 bad credentials'));
    },
    onRcptTo(address, _session, cb) {
      const n = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, n);
      const reply = opts.onRcpt?.(address.address, n) ?? null;
      cb(reply ? smtpError(reply) : undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        dataAttempts++;
        const reply = opts.onData?.(dataAttempts) ?? null;
        if (reply) return cb(smtpError(reply));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks),
          secure: session.secure,
          user: session.user as string | undefined,
          ...(opts.dsn
            ? {
                dsn: {
                  ret: session.envelope.dsn?.ret ?? null,
                  envid: session.envelope.dsn?.envid ?? null,
                  rcpt: Object.fromEntries(
                    session.envelope.rcptTo.map((r) => [r.address, (r as { dsn?: object }).dsn ?? {}]),
                  ),
                },
              }
            : {}),
        });
        cb();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    rcptAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

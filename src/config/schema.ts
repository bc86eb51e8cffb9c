// The configuration: one typed schema, each field documented. docs/configuration.md is
// generated from it (src/config/doc.ts) and a test fails when the checked-in copy is stale.
// The same shape is accepted in a `--config FILE` (JSON); CLI flags override the file, the
// file overrides the defaults (./defaults.ts).
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS } from '../log/logger.js';
import { PORT_NAMES, PORTS, type PortName } from './ports.js';

// RFC 1123 §2.1 host names: dot-separated labels of letters, digits and inner hyphens.
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const port = (name: PortName) =>
  z
    .number()
    .int()
    .min(0)
    .max(65535)
    .describe(`${PORTS[name].description}. TLS: ${PORTS[name].tls}. 0 disables it.`);

const portsShape = Object.fromEntries(PORT_NAMES.map((n) => [n, port(n)])) as Record<
  PortName,
  ReturnType<typeof port>
>;

const int = (min: number, description: string) => z.number().int().min(min).describe(description);

/** A minute in milliseconds, for the protocol minimums below. */
const MINUTE = 60_000;

// IMAP session limits (the reason for each default is in src/protocols/imap/limits.ts and
// wire/limits.ts). Sessions per user come from limits.connections.
const imapLimits = z
  .strictObject({
    maxLineBytes: int(
      8192,
      'Longest IMAP command line between literals, in bytes (RFC 7162 §4: at least 8192). Longer: BAD [LIMIT].',
    ),
    maxLiteralBytes: int(
      1024,
      "Largest literal in a command other than APPEND/REPLACE (names, search strings, passwords), in bytes. APPEND's is limits.maxMessageBytes.",
    ),
    commandsPerSecond: int(
      1,
      'Commands per second one session may run on average; a faster client is slowed down, not refused.',
    ),
    commandBurst: int(
      1,
      'Commands a session may send at once (pipelining) before commandsPerSecond applies.',
    ),
    maxBadCommands: int(1, 'Consecutive BAD answers after which the session is ended with * BYE.'),
    maxSelects: int(1, 'SELECT/EXAMINE commands in one session before * BYE (a guard against client loops).'),
    preAuthTimeoutMs: int(1000, 'A connection silent this long before login is closed.'),
    idleTimeoutMs: int(
      30 * MINUTE,
      'Autologout of a logged-in session silent this long outside IDLE (RFC 9051 §5.4: at least 30 minutes).',
    ),
    idleMaxMs: int(
      30 * MINUTE,
      'Longest IDLE command; a session idling longer is logged out (clients restart IDLE every 24 to 29 minutes).',
    ),
  })
  .describe('IMAP session limits; the reason for each default is in src/protocols/imap/limits.ts.');

// POP3 session limits (reasons in src/protocols/pop3/wire/limits.ts).
const pop3Limits = z
  .strictObject({
    maxLineBytes: int(
      255,
      'Longest POP3 command line, CRLF included (RFC 2449 §4: at least 255; AUTH lines need more).',
    ),
    maxInvalidCommands: int(1, 'Invalid commands in one session after which the connection is closed.'),
    idleTimeoutMs: int(
      10 * MINUTE,
      'Autologout of a session silent this long, before or after login (RFC 1939 §3: at least 10 minutes).',
    ),
  })
  .describe('POP3 session limits; the reason for each default is in src/protocols/pop3/wire/limits.ts.');

export const configSchema = z
  .strictObject({
    hostname: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.string().regex(HOSTNAME, 'must be a host name such as mail.example.test'))
      .describe(
        'The name this server answers as: SMTP greeting, certificate name, first account postmaster@<hostname>.',
      ),
    dataDir: z
      .string()
      .min(1)
      .describe('Directory for the embedded store, message bodies and the self-signed certificate.'),
    host: z
      .string()
      .min(1)
      .optional()
      .describe('Address to listen on, e.g. 127.0.0.1 or ::. Absent: every address (IPv6 and IPv4).'),
    ports: z.strictObject(portsShape).describe('One port per listener; 0 disables that listener.'),
    tls: z
      .strictObject({
        cert: z.string().min(1).optional().describe('PEM certificate chain file. Absent: a self-signed one.'),
        key: z.string().min(1).optional().describe('PEM private key file for tls.cert.'),
      })
      .refine((t) => (t.cert === undefined) === (t.key === undefined), {
        message: 'give both tls.cert and tls.key, or neither',
      })
      .describe('TLS certificate. Files are reloaded when they change.'),
    store: z
      .string()
      .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
      .optional()
      .describe(
        'Store URL. Absent: the embedded SQLite store under dataDir. postgres://... selects PostgreSQL (not available yet).',
      ),
    limits: z
      .strictObject({
        maxMessageBytes: z
          .number()
          .int()
          .min(1024)
          .describe('Largest message accepted by SMTP and IMAP APPEND, in bytes (SMTP SIZE, RFC 1870).'),
        connections: z
          .strictObject({
            perAddress: z
              .number()
              .int()
              .min(1)
              .describe('Open connections from one client address (IPv6: its /64) on one listener.'),
            perUserAndAddress: z
              .number()
              .int()
              .min(1)
              .describe('Logged-in IMAP sessions of one user from one address (clients open 5 to 10 each).'),
            perUser: z
              .number()
              .int()
              .min(1)
              .describe('Logged-in IMAP sessions of one user from all addresses.'),
            total: z.number().int().min(1).describe('Open connections on one listener.'),
          })
          .describe('Connection limits; the reason for each default is in src/net/limits.ts.'),
        shutdownTimeoutMs: z
          .number()
          .int()
          .min(0)
          .describe('On SIGTERM/SIGINT, how long sessions get to finish before they are cut.'),
        pop3LockSeconds: z
          .number()
          .int()
          .min(2)
          .max(3600)
          .describe(
            'Lifetime of a POP3 maildrop lock (a lease in the store, shared by every server process), renewed every third of it while the session lives: after a crash, its users get [IN-USE] for at most this long.',
          ),
        imap: imapLimits,
        pop3: pop3Limits,
      })
      .describe('Resource limits.'),
    imap: z
      .strictObject({
        autoSubscribe: z
          .boolean()
          .describe(
            'CREATE subscribes the new mailbox, and CREATE of an existing unsubscribed mailbox subscribes it and answers OK (Thunderbird and Roundcube show subscribed folders only: a folder made elsewhere stays invisible and re-creating it "does nothing", docs/imap.md). false: plain RFC 9051 CREATE (ALREADYEXISTS, nothing subscribed), as Dovecot and its imaptest scripts expect.',
          ),
      })
      .describe('IMAP behaviour beyond the RFCs, for real clients.'),
    outbound: z
      .strictObject({
        transports: z
          .string()
          .describe(
            'Fixed next hops by recipient domain, "example.net=127.0.0.1:2526,*=relay.test:25" ("*": every other domain). Empty: none. Tests use it to reach a second server on loopback.',
          ),
        relayHost: z
          .string()
          .describe(
            'Smarthost "host:port" for all outgoing mail (when port 25 is blocked). Empty: deliver to the MX hosts.',
          ),
        relayTls: z
          .enum(['starttls', 'implicit'])
          .describe('How the smarthost takes TLS: STARTTLS (required) or implicit TLS from the first byte.'),
        relayUser: z.string().describe('Login for the smarthost; empty: no AUTH.'),
        relayPassword: z.string().describe('Password for relayUser (kept out of logs).'),
        maxQueueDays: z
          .number()
          .positive()
          .describe('How long a message is retried before it bounces (RFC 5321 §4.5.4.1: 4-5 days).'),
        delayWarningHours: z
          .number()
          .min(0)
          .describe(
            'After this many hours still undelivered, the sender gets one "delayed" DSN (RFC 3464) unless NOTIFY excludes DELAY; 0: never.',
          ),
      })
      .describe('Outgoing mail: the queue and where it goes.'),
    log: z
      .strictObject({
        level: z.enum(LOG_LEVELS).describe('Least severe level written.'),
        format: z.enum(LOG_FORMATS).describe('auto: readable lines on a terminal, JSON lines otherwise.'),
      })
      .describe('Logging.'),
    dev: z
      .boolean()
      .describe('Development mode: high ports (2525, 1587, ...), hostname localhost, listen on 127.0.0.1.'),
  })
  .describe('Postroom configuration');

export type Config = z.infer<typeof configSchema>;

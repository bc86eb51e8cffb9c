// Defaults, which depend on dev mode (CONTRACT: `--dev` shifts the ports).
import { hostname as osHostname } from 'node:os';
import { DEFAULT_CONNECTION_LIMITS, IDLE_TIMEOUTS_MS } from '../net/limits.js';
import { DEFAULT_IMAP_LIMITS } from '../protocols/imap/limits.js';
import { defaultWireLimits as IMAP_WIRE } from '../protocols/imap/wire/limits.js';
import { DEFAULT_WIRE_LIMITS as POP3_WIRE } from '../protocols/pop3/wire/limits.js';
import { PORT_NAMES, PORTS, type PortName } from './ports.js';
import type { Config } from './schema.js';

export function defaultPorts(dev: boolean): Record<PortName, number> {
  return Object.fromEntries(PORT_NAMES.map((n) => [n, dev ? PORTS[n].dev : PORTS[n].standard])) as Record<
    PortName,
    number
  >;
}

/** The machine's name, lower case, or 'localhost' when it is not a usable host name. */
export function machineHostname(): string {
  const h = osHostname().toLowerCase();
  return /^[a-z0-9.-]+$/.test(h) && h !== '' ? h : 'localhost';
}

export function defaults(dev: boolean): Config {
  return {
    hostname: dev ? 'localhost' : machineHostname(),
    dataDir: './data',
    ...(dev ? { host: '127.0.0.1' } : {}),
    ports: defaultPorts(dev),
    tls: {},
    limits: {
      maxMessageBytes: 50 * 1024 * 1024,
      connections: { ...DEFAULT_CONNECTION_LIMITS },
      shutdownTimeoutMs: 10_000,
      pop3LockSeconds: 60,
      imap: {
        maxLineBytes: IMAP_WIRE.maxLineLength,
        maxLiteralBytes: IMAP_WIRE.maxLiteralSize,
        commandsPerSecond: DEFAULT_IMAP_LIMITS.commandsPerSecond,
        commandBurst: DEFAULT_IMAP_LIMITS.commandBurst,
        maxBadCommands: DEFAULT_IMAP_LIMITS.maxBadCommands,
        maxSelects: DEFAULT_IMAP_LIMITS.maxSelects,
        preAuthTimeoutMs: DEFAULT_IMAP_LIMITS.preAuthTimeoutMs,
        idleTimeoutMs: DEFAULT_IMAP_LIMITS.idleTimeoutMs,
        idleMaxMs: DEFAULT_IMAP_LIMITS.idleMaxMs,
      },
      pop3: {
        maxLineBytes: POP3_WIRE.maxLineLength,
        maxInvalidCommands: POP3_WIRE.maxInvalidCommands,
        idleTimeoutMs: IDLE_TIMEOUTS_MS.pop3,
      },
    },
    imap: { autoSubscribe: true },
    outbound: {
      transports: '',
      relayHost: '',
      relayTls: 'starttls',
      relayUser: '',
      relayPassword: '',
      maxQueueDays: 5,
      delayWarningHours: 4,
    },
    log: { level: 'info', format: 'auto' },
    dev,
  };
}

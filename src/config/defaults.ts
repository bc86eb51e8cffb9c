// Defaults, which depend on dev mode (CONTRACT: `--dev` shifts the ports).
import { hostname as osHostname } from 'node:os';
import { DEFAULT_CONNECTION_LIMITS } from '../net/limits.js';
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
    },
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

// The command-line flags that set configuration fields (CONTRACT: `postroom serve ...`).
// The CLI builds its options from this table and docs/configuration.md shows it, so a
// flag and its field cannot drift apart.
import { PORT_NAMES, PORTS, portFlag } from './ports.js';

export type FlagKind = 'string' | 'port' | 'bool';

export interface ConfigFlag {
  /** Long flag without dashes, e.g. 'imap-port'. */
  name: string;
  /** Placeholder shown in help, e.g. 'N'; absent for booleans. */
  arg?: string;
  /** Where the value goes in the config. */
  path: readonly string[];
  kind: FlagKind;
  help: string;
}

export const DATA_FLAG: ConfigFlag = {
  name: 'data',
  arg: 'DIR',
  path: ['dataDir'],
  kind: 'string',
  help: 'data directory (store, message bodies, certificate)',
};
export const STORE_FLAG: ConfigFlag = {
  name: 'store',
  arg: 'URL',
  path: ['store'],
  kind: 'string',
  help: 'store URL (default: embedded SQLite under the data directory)',
};

const portFlags: ConfigFlag[] = PORT_NAMES.map((n) => ({
  name: portFlag(n).slice(2),
  arg: 'N',
  path: ['ports', n],
  kind: 'port',
  help: `${PORTS[n].description} (default ${PORTS[n].standard}, --dev ${PORTS[n].dev}; 0 disables)`,
}));

/** Flags of `postroom serve`. */
export const SERVE_FLAGS: readonly ConfigFlag[] = [
  DATA_FLAG,
  {
    name: 'hostname',
    arg: 'NAME',
    path: ['hostname'],
    kind: 'string',
    help: 'server host name, e.g. mail.example.test',
  },
  { name: 'host', arg: 'ADDR', path: ['host'], kind: 'string', help: 'address to listen on (default: all)' },
  ...portFlags,
  { name: 'tls-cert', arg: 'FILE', path: ['tls', 'cert'], kind: 'string', help: 'PEM certificate chain' },
  { name: 'tls-key', arg: 'FILE', path: ['tls', 'key'], kind: 'string', help: 'PEM private key' },
  STORE_FLAG,
  {
    name: 'log-level',
    arg: 'LEVEL',
    path: ['log', 'level'],
    kind: 'string',
    help: 'trace|debug|info|warn|error',
  },
  { name: 'log-format', arg: 'FORMAT', path: ['log', 'format'], kind: 'string', help: 'auto|json|pretty' },
  { name: 'dev', path: ['dev'], kind: 'bool', help: 'development defaults: high ports, hostname localhost' },
];

/** Flags of the user/alias/domain commands: they only need to find the store. */
export const ADMIN_FLAGS: readonly ConfigFlag[] = [DATA_FLAG, STORE_FLAG];

/** commander's property name for a flag: 'imap-port' -> 'imapPort'. */
export function optionKey(flag: ConfigFlag): string {
  return flag.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Turns parsed option values into a nested partial config (absent flags are skipped). */
export function flagsToOverrides(
  flags: readonly ConfigFlag[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const value = values[optionKey(flag)];
    if (value === undefined) continue;
    let node = out;
    for (const key of flag.path.slice(0, -1)) {
      const next = (node[key] ??= {}) as Record<string, unknown>;
      node = next;
    }
    node[flag.path[flag.path.length - 1]!] = value;
  }
  return out;
}

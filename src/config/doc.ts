// Renders docs/configuration.md from the schema, the defaults and the flag table.
// Pure and deterministic (no machine-specific values), so a test can compare the
// checked-in file with a fresh rendering. Regenerate: `npm run docs`.
import { z } from 'zod';
import { isPlainObject, type PlainObject } from '../util/deep-merge.js';
import { defaults } from './defaults.js';
import { ADMIN_FLAGS, SERVE_FLAGS } from './flags.js';
import { PORT_NAMES, PORTS } from './ports.js';
import { configSchema } from './schema.js';

interface JsonSchema {
  type?: string;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
}

/** Defaults that differ per machine are shown as words instead of values. */
const SHOWN_DEFAULT: Record<string, string> = {
  hostname: "the machine's host name",
  host: 'all addresses',
};

function valueAt(obj: PlainObject, path: string[]): unknown {
  let node: unknown = obj;
  for (const key of path) node = isPlainObject(node) ? node[key] : undefined;
  return node;
}

function show(value: unknown): string {
  return value === undefined ? '—' : `\`${JSON.stringify(value)}\``;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.type === 'integer' && s.minimum !== undefined && s.maximum !== undefined && s.maximum < 2 ** 32)
    return `integer ${s.minimum}–${s.maximum}`;
  if (s.type === 'integer' && s.minimum !== undefined) return `integer ≥ ${s.minimum}`;
  return s.type ?? 'any';
}

function rows(schema: JsonSchema, prefix: string[], out: string[]): void {
  const prod = defaults(false) as unknown as PlainObject;
  const dev = defaults(true) as unknown as PlainObject;
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, key];
    if (sub.properties) {
      rows(sub, path, out);
      continue;
    }
    const name = path.join('.');
    const flag = SERVE_FLAGS.find((f) => f.path.join('.') === name);
    const prodShown =
      prefix.length === 0 && SHOWN_DEFAULT[key] ? SHOWN_DEFAULT[key] : show(valueAt(prod, path));
    out.push(
      `| \`${name}\` | ${typeOf(sub)} | ${prodShown} | ${show(valueAt(dev, path))} | ${flag ? `\`--${flag.name}\`` : ''} | ${sub.description ?? ''} |`,
    );
  }
}

export function renderConfigDoc(): string {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const table: string[] = [];
  rows(json, [], table);
  const example = {
    hostname: 'mail.example.test',
    dataDir: '/var/lib/postroom',
    tls: { cert: '/etc/postroom/fullchain.pem', key: '/etc/postroom/privkey.pem' },
    ports: { pop3: 0, pop3s: 0 },
    limits: { maxMessageBytes: 25 * 1024 * 1024 },
    log: { level: 'info', format: 'json' },
  };
  const portRows = PORT_NAMES.map(
    (n) =>
      `| \`${n}\` | ${PORTS[n].standard} | ${PORTS[n].dev || 'off'} | ${PORTS[n].tls} | ${PORTS[n].description} |`,
  );
  return `# Configuration

<!-- Generated from src/config/schema.ts by \`npm run docs\`. Do not edit by hand:
     test/config/doc.test.ts fails when this file is stale. -->

Postroom takes its settings from three places; a later one wins:

1. built-in defaults, which depend on dev mode (\`--dev\` or \`"dev": true\`);
2. a JSON file given with \`--config FILE\` (same shape as below; relative paths in it
   are relative to the file);
3. command-line flags (relative paths are relative to the working directory).

Unknown fields and out-of-range values are refused at start with a one-line error that
names the field. \`postroom serve --help\` lists every flag.

## Example file

\`\`\`json
${JSON.stringify(example, null, 2)}
\`\`\`

## Fields

| Field | Type | Default | \`--dev\` default | Flag | Meaning |
|---|---|---|---|---|---|
${table.join('\n')}

The user, alias and domain commands take ${ADMIN_FLAGS.map((f) => `\`--${f.name}\``).join(' and ')}
(and \`--config\`) to find the same store as the server.

## Listeners

| Listener | Port | \`--dev\` port | TLS | What |
|---|---|---|---|---|
${portRows.join('\n')}

TLS modes: **implicit** means TLS from the first byte; **starttls** means plain text
upgraded with STARTTLS (IMAP, SMTP, ManageSieve) or STLS (POP3), and logging in is refused
before the upgrade; **none** is plain text. Without \`tls.cert\`/\`tls.key\` a self-signed
certificate for \`hostname\` is created once under \`dataDir\`.
`;
}

// Loads the configuration: defaults (which depend on dev mode) < `--config FILE` (JSON)
// < command-line flags. Relative paths in the file are relative to the file; relative
// paths on the command line are relative to the working directory. Errors are
// ConfigError with a one-line message naming the field.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { deepMerge, isPlainObject, type PlainObject } from '../util/deep-merge.js';
import { defaults } from './defaults.js';
import { type Config, configSchema } from './schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** `--config FILE`, if given. */
  file?: string;
  /** Nested partial config from the command line (see flagsToOverrides). */
  overrides?: PlainObject;
  /** Base for relative paths on the command line; process.cwd() by default. */
  cwd?: string;
}

/** Fields holding file paths, resolved against their source's base directory. */
const PATH_FIELDS: readonly (readonly string[])[] = [['dataDir'], ['tls', 'cert'], ['tls', 'key']];

function resolvePaths(layer: PlainObject, base: string): PlainObject {
  const out = deepMerge(layer);
  for (const path of PATH_FIELDS) {
    let node: unknown = out;
    for (const key of path.slice(0, -1)) node = isPlainObject(node) ? node[key] : undefined;
    const last = path[path.length - 1]!;
    if (isPlainObject(node) && typeof node[last] === 'string' && node[last] !== '') {
      node[last] = isAbsolute(node[last]) ? node[last] : resolve(base, node[last]);
    }
  }
  return out;
}

function readConfigFile(path: string): PlainObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read config file ${path}: ${code === 'ENOENT' ? 'no such file' : String(code)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError(`config file ${path} must hold a JSON object`);
  return parsed;
}

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  let file: PlainObject = {};
  if (opts.file !== undefined) {
    const path = resolve(cwd, opts.file);
    file = resolvePaths(readConfigFile(path), dirname(path));
  }
  const overrides = resolvePaths(opts.overrides ?? {}, cwd);
  const devValue = overrides.dev ?? file.dev ?? false;
  const base = resolvePaths(defaults(devValue === true) as unknown as PlainObject, cwd);
  const result = configSchema.safeParse(deepMerge(base, file, overrides));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'config';
    const from = opts.file !== undefined ? ` (command line or ${opts.file})` : '';
    throw new ConfigError(`invalid configuration${from}: ${where}: ${issue.message}`);
  }
  return result.data;
}

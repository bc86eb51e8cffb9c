// Shared option handling: config flags from the table in src/config/flags.ts, `--config`,
// and value parsers that reject bad input with a one-line reason.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type ConfigFlag, flagsToOverrides } from '../config/flags.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';

export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 disables the listener)');
  }
  return Number(value);
}

/**
 * 'none' stands for "no limit" in parsed option values: commander turns a parser's null
 * into '' (see its handleOptionValue), so parsers return NONE and actions call orNull().
 */
export const NONE = 'none';
export type Limit = number | typeof NONE;

export function orNull(value: Limit): number | null {
  return value === NONE ? null : value;
}

/** A non-negative whole number, or 'none'/'unlimited' for no limit. */
export function parseLimit(value: string): Limit {
  if (/^(none|unlimited)$/i.test(value)) return NONE;
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number, or 'none'");
  return Number(value);
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/** A size such as 500M, 2G, 1048576, or 'none' for no limit. Units are binary (1K = 1024). */
export function parseSize(value: string): Limit {
  if (/^(none|unlimited)$/i.test(value)) return NONE;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new InvalidArgumentError("expected a size such as 500M or 2G, or 'none'");
  return Math.round(Number(m[1]) * unit);
}

export function addConfigFlags(cmd: Command, flags: readonly ConfigFlag[]): Command {
  for (const flag of flags) {
    const option = new Option(flag.arg ? `--${flag.name} <${flag.arg}>` : `--${flag.name}`, flag.help);
    if (flag.kind === 'port') option.argParser(parsePort);
    cmd.addOption(option);
  }
  cmd.option('--config <FILE>', 'JSON configuration file (flags override it; see docs/configuration.md)');
  return cmd;
}

/** The configuration for a command: defaults < --config FILE < flags. */
export function configFromOptions(flags: readonly ConfigFlag[], opts: Record<string, unknown>): Config {
  const file = typeof opts.config === 'string' ? opts.config : undefined;
  return loadConfig({ ...(file !== undefined ? { file } : {}), overrides: flagsToOverrides(flags, opts) });
}

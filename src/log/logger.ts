// The structured logger. There is no global logger: app/ makes one from the config and
// passes it down; each subsystem takes `log.child({ subsystem: 'imap' })` and each session
// `log.child({ session: id, remote })`. Secret fields are redacted (./redact.ts).
//
// Output is JSON lines (one object per line, pino's format), or on a terminal a short
// human line per record (./pretty.ts). Writes are synchronous so nothing is lost at exit.
import type { Writable } from 'node:stream';
import { pino, stdSerializers } from 'pino';
import { formatPretty } from './pretty.js';
import { REDACTED, redactPaths } from './redact.js';

export type Logger = pino.Logger;

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** 'auto': pretty when `out` is a terminal, JSON lines otherwise. */
  format?: LogFormat;
  /** Where lines go; process.stdout by default. */
  out?: Pick<Writable, 'write'> & { isTTY?: boolean };
  /** Fields added to every line (e.g. { hostname }). */
  base?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions): Logger {
  const out = opts.out ?? process.stdout;
  const format = opts.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  const destination = {
    write(line: string): void {
      out.write(pretty ? formatPretty(line) : line);
    },
  };
  return pino(
    {
      level: opts.level,
      base: opts.base ?? null,
      redact: { paths: redactPaths(), censor: REDACTED },
      serializers: { err: stdSerializers.err, error: stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that writes nothing (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

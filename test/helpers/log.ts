// A logger that keeps its records in memory, for tests that check what was logged.
import { createLogger, type Logger, type LogLevel } from '../../src/log/logger.js';

export interface MemoryLog {
  log: Logger;
  /** Every record written so far, parsed. */
  records(): Record<string, unknown>[];
}

export function memoryLogger(level: LogLevel = 'trace'): MemoryLog {
  const lines: string[] = [];
  const log = createLogger({ level, format: 'json', out: { write: (s: string) => lines.push(s) > 0 } });
  return {
    log,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

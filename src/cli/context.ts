// What every command gets: where to write and how to open the store's admin facade.
import type { Admin } from '../app/admin.js';
import type { Config } from '../config/schema.js';
import type { CliIO } from './io.js';

export interface CliContext {
  io: CliIO;
  /** Opens the admin facade on the configured store (the same one `serve` uses). */
  openAdmin(config: Config): Promise<Admin>;
  /** Reads one line from standard input (for `--password -`). */
  readLine(): Promise<string>;
  /** Reads all of standard input (for `filter import ADDRESS -`). */
  readAll(): Promise<string>;
  /** The process exit code once the command finishes. */
  exitCode: number;
}

/** A position in a script: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** An error found while reading or checking a script (upload time). */
export class SieveSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(`line ${position.line}, column ${position.column}: ${message}`);
    this.name = 'SieveSyntaxError';
  }
  /** The text without the position prefix. */
  get detail(): string {
    return this.message.replace(/^line \d+, column \d+: /, '');
  }
}

/** An error while running a script (limits, failed include...). The caller falls back to keep. */
export class SieveRuntimeError extends Error {
  constructor(
    message: string,
    readonly position?: Position,
  ) {
    super(position ? `line ${position.line}, column ${position.column}: ${message}` : message);
    this.name = 'SieveRuntimeError';
  }
}

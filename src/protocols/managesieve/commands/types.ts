import type { SessionContext } from '../session.js';
import type { Arg } from '../wire/parse.js';

export type SieveState = 'nonauth' | 'auth';

export interface CommandSpec {
  states: readonly SieveState[];
  handle(ctx: SessionContext, args: Arg[]): Promise<void>;
}

/** The string arguments, or null when one is not a string (or the count is wrong). */
export function strings(args: Arg[], min: number, max = min): string[] | null {
  if (args.length < min || args.length > max) return null;
  const out: string[] = [];
  for (const a of args) {
    if (a.kind !== 'string') return null;
    out.push(a.value);
  }
  return out;
}

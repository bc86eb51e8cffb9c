// Where a measurement connects: the same shape for Postroom and Dovecot, so
// one piece of client code measures both.

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface Target extends Endpoint {
  readonly user: string;
  readonly pass: string;
}

/** Many users named by a pattern: `{n}` is replaced by start, start+1, ... start+count-1. */
export interface UserRange {
  readonly pattern: string;
  readonly start: number;
  readonly count: number;
}

export function userName(range: UserRange, i: number): string {
  if (!range.pattern.includes('{n}')) return range.pattern;
  return range.pattern.replaceAll('{n}', String(range.start + i));
}

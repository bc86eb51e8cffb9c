// System flags as a bit set, keywords as a space-separated list (compared without case).
import { SYSTEM_FLAGS } from '../store/types.js';

export const SEEN = 1;
export const DELETED = 8;

const BIT = new Map<string, number>(SYSTEM_FLAGS.map((f, i) => [f.toLowerCase(), 1 << i]));

/** The bit of a system flag, or 0 for a keyword. */
export function systemBit(flag: string): number {
  return BIT.get(flag.toLowerCase()) ?? 0;
}

export function flagsOf(sflags: number, keywords: string): string[] {
  const out: string[] = [];
  SYSTEM_FLAGS.forEach((f, i) => {
    if (sflags & (1 << i)) out.push(f);
  });
  if (keywords) out.push(...keywords.split(' '));
  return out;
}

/** flagsOf() memoised for one page of rows: rows with the same flags get the same frozen
 *  array (no allocation per row; the common no-keyword case is a lookup by bit set). */
export function sharedFlags(): (sflags: number, keywords: string) => readonly string[] {
  const plain: (readonly string[] | undefined)[] = [];
  const withKeywords = new Map<string, readonly string[]>();
  return (sflags, keywords) => {
    if (!keywords) return (plain[sflags] ??= Object.freeze(flagsOf(sflags, '')));
    const key = `${sflags} ${keywords}`;
    let f = withKeywords.get(key);
    if (!f) {
      f = Object.freeze(flagsOf(sflags, keywords));
      withKeywords.set(key, f);
    }
    return f;
  };
}

/** Splits flags into a bit set and a keyword list (deduplicated without case). */
export function splitFlags(flags: readonly string[]): { bits: number; keywords: string[] } {
  let bits = 0;
  const keywords: string[] = [];
  const seen = new Set<string>();
  for (const f of flags) {
    const b = systemBit(f);
    if (b) bits |= b;
    else if (f.startsWith('\\'))
      continue; // \Recent and unknown system flags are not stored
    else if (!seen.has(f.toLowerCase())) {
      seen.add(f.toLowerCase());
      keywords.push(f);
    }
  }
  return { bits, keywords };
}

/** Applies an add/remove/replace to one message's flags; returns null when nothing changes. */
export function applyFlagOp(
  op: 'add' | 'remove' | 'replace',
  bits: number,
  keywords: string,
  change: { bits: number; keywords: string[] },
): { bits: number; keywords: string } | null {
  const current = keywords ? keywords.split(' ') : [];
  let nextBits: number;
  let next: string[];
  if (op === 'replace') {
    nextBits = change.bits;
    next = change.keywords;
  } else if (op === 'add') {
    nextBits = bits | change.bits;
    const have = new Set(current.map((k) => k.toLowerCase()));
    next = [...current, ...change.keywords.filter((k) => !have.has(k.toLowerCase()))];
  } else {
    nextBits = bits & ~change.bits;
    const drop = new Set(change.keywords.map((k) => k.toLowerCase()));
    next = current.filter((k) => !drop.has(k.toLowerCase()));
  }
  const nextText = next.join(' ');
  if (nextBits === bits && sameKeywords(current, next)) return null;
  return { bits: nextBits, keywords: nextText };
}

function sameKeywords(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a.map((k) => k.toLowerCase()));
  return b.every((k) => s.has(k.toLowerCase()));
}

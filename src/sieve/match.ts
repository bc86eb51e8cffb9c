// Comparators (RFC 4790 via RFC 5228 §2.7.3), match types :is :contains :matches
// (RFC 5228 §2.7.1), :regex (bounded engine) and relational :count / :value (RFC 5231).
import { type CompiledRegex, compileRegex, execRegex, RegexError } from './regex.js';

export type Comparator = 'i;octet' | 'i;ascii-casemap' | 'i;ascii-numeric';
export type MatchType =
  | { kind: 'is' | 'contains' | 'matches' | 'regex' }
  | { kind: 'count' | 'value'; relation: string };

export interface MatchOutcome {
  matched: boolean;
  /** ${0}..${n} for :matches / :regex (RFC 5229 §3.2). */
  groups?: string[];
}

export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** i;ascii-numeric: leading digits as a number; no digits = positive infinity (RFC 4790 §9.1). */
export function numericValue(s: string): number | null {
  const m = /^[0-9]+/.exec(s);
  return m ? Number(m[0]) : null;
}

/** Ordering under a comparator: negative, zero or positive. */
export function compareValues(cmp: Comparator, a: string, b: string): number {
  if (cmp === 'i;ascii-numeric') {
    const x = numericValue(a);
    const y = numericValue(b);
    if (x === null) return y === null ? 0 : 1;
    if (y === null) return -1;
    return x - y;
  }
  const x = cmp === 'i;ascii-casemap' ? asciiLower(a) : a;
  const y = cmp === 'i;ascii-casemap' ? asciiLower(b) : b;
  const bx = Buffer.from(x);
  const by = Buffer.from(y);
  return Buffer.compare(bx, by);
}

function relationHolds(relation: string, order: number): boolean {
  switch (relation) {
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    case 'eq':
      return order === 0;
    default:
      return order !== 0;
  }
}

/**
 * RFC 5228 §2.7.1 :matches with "*", "?" and "\" escapes; "*" matches as little as
 * possible (RFC 5229 §3.2). Backtracking only to the last "*", so O(value x pattern).
 * Returns the wildcard captures, or null.
 */
export function globMatch(value: string, pattern: string, caseFold: boolean): string[] | null {
  type Tok = { kind: 'lit'; c: string } | { kind: 'any' } | { kind: 'star' };
  const toks: Tok[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) toks.push({ kind: 'lit', c: pattern[++i]! });
    else if (c === '*') toks.push({ kind: 'star' });
    else if (c === '?') toks.push({ kind: 'any' });
    else toks.push({ kind: 'lit', c });
  }
  const v = Array.from(value);
  // Case folding only changes ASCII letters, so folded and original positions line up.
  const fv = caseFold ? Array.from(asciiLower(value)) : v;
  if (caseFold) for (const t of toks) if (t.kind === 'lit') t.c = asciiLower(t.c);
  const eq = (a: string, i: number) => a === fv[i];
  // capture slot per wildcard, in order
  const slotOf: number[] = [];
  let nslots = 0;
  for (const t of toks) slotOf.push(t.kind === 'lit' ? -1 : nslots++);
  const start = new Array<number>(nslots).fill(0);
  const len = new Array<number>(nslots).fill(0);
  let ti = 0;
  let vi = 0;
  let starT = -1;
  let starV = 0;
  while (vi < v.length || ti < toks.length) {
    const t = toks[ti];
    if (t && t.kind === 'star') {
      starT = ti;
      starV = vi;
      start[slotOf[ti]!] = vi;
      len[slotOf[ti]!] = 0;
      ti++;
      continue;
    }
    if (t && vi < v.length && (t.kind === 'any' || eq(t.c, vi))) {
      if (t.kind === 'any') {
        start[slotOf[ti]!] = vi;
        len[slotOf[ti]!] = 1;
      }
      ti++;
      vi++;
      continue;
    }
    if (starT >= 0 && starV < v.length) {
      starV++;
      len[slotOf[starT]!] = starV - start[slotOf[starT]!]!;
      ti = starT + 1;
      vi = starV;
      continue;
    }
    return null;
  }
  const groups = [value];
  for (let s = 0; s < nslots; s++) groups.push(v.slice(start[s]!, start[s]! + len[s]!).join(''));
  return groups;
}

/** Escapes "*", "?" and "\" (the :quotewildcard modifier, RFC 5229 §4.1). */
export function quoteWildcard(s: string): string {
  return s.replace(/[*?\\]/g, (c) => '\\' + c);
}

/** Escapes regex specials (the :quoteregex modifier). */
export function quoteRegex(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => '\\' + c);
}

export class Matcher {
  private regexCache = new Map<string, CompiledRegex>();
  constructor(
    readonly comparator: Comparator,
    readonly type: MatchType,
  ) {}

  /** Does any value match any key? (RFC 5228 §2.7) */
  test(values: string[], keys: string[]): MatchOutcome {
    const t = this.type;
    if (t.kind === 'count') {
      const n = String(values.length);
      return { matched: keys.some((k) => relationHolds(t.relation, compareValues(this.comparator, n, k))) };
    }
    for (const v of values) {
      for (const k of keys) {
        const r = this.one(v, k);
        if (r.matched) return r;
      }
    }
    return { matched: false };
  }

  one(value: string, key: string): MatchOutcome {
    const cmp = this.comparator;
    const t = this.type;
    switch (t.kind) {
      case 'value':
        return { matched: relationHolds(t.relation, compareValues(cmp, value, key)) };
      case 'count':
        return { matched: false };
      case 'is':
        return { matched: compareValues(cmp, value, key) === 0 };
      case 'contains':
        if (cmp === 'i;ascii-numeric') return { matched: false };
        return {
          matched:
            cmp === 'i;ascii-casemap' ? asciiLower(value).includes(asciiLower(key)) : value.includes(key),
        };
      case 'matches': {
        if (cmp === 'i;ascii-numeric') return { matched: false };
        const g = globMatch(value, key, cmp === 'i;ascii-casemap');
        return g ? { matched: true, groups: g } : { matched: false };
      }
      case 'regex': {
        let re = this.regexCache.get(key);
        if (!re) {
          try {
            re = compileRegex(key, cmp === 'i;ascii-casemap');
          } catch (e) {
            if (e instanceof RegexError) return { matched: false };
            throw e;
          }
          this.regexCache.set(key, re);
        }
        const g = execRegex(re, value);
        return g ? { matched: true, groups: g.map((x) => x ?? '') } : { matched: false };
      }
    }
  }
}

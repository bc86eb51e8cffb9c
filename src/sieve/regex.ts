// A bounded regular-expression engine for the :regex match type (draft-ietf-sieve-regex,
// POSIX extended syntax). It compiles to a small program run by a Pike VM: every input
// character is visited once per program instruction at most, so time is O(input x pattern)
// and no pattern can backtrack catastrophically. Backreferences and look-around are
// refused when the script is checked. Matching is POSIX leftmost-longest, subexpressions
// included (see execRegex); match variables ${0}..${9} are the groups.

/** Longest pattern accepted (characters) and largest compiled program (instructions). */
export const MAX_PATTERN = 1024;
export const MAX_PROGRAM = 4000;
/** Only this much of a value is searched by a regex. */
export const MAX_REGEX_INPUT = 16 * 1024;

export class RegexError extends Error {}

type Pred = (c: number) => boolean;
type Node =
  | { t: 'char'; pred: Pred }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'group'; n: number; node: Node }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'bol' }
  | { t: 'eol' };

type Inst =
  | { op: 'char'; pred: Pred }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number }
  | { op: 'bol' }
  | { op: 'eol' }
  | { op: 'match' };

export interface CompiledRegex {
  prog: Inst[];
  groups: number;
}

const CLASSES: Record<string, Pred> = {
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  digit: (c) => c >= 48 && c <= 57,
  alnum: (c) => CLASSES.alpha!(c) || CLASSES.digit!(c),
  upper: (c) => c >= 65 && c <= 90,
  lower: (c) => c >= 97 && c <= 122,
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  blank: (c) => c === 32 || c === 9,
  punct: (c) =>
    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126),
  xdigit: (c) => CLASSES.digit!(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  cntrl: (c) => c < 32 || c === 127,
  print: (c) => c >= 32 && c !== 127,
  graph: (c) => c > 32 && c !== 127,
};
const word: Pred = (c) => CLASSES.alnum!(c) || c === 95;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

export function compileRegex(pattern: string, caseInsensitive: boolean): CompiledRegex {
  if (pattern.length > MAX_PATTERN) throw new RegexError(`regex longer than ${MAX_PATTERN} characters`);
  let i = 0;
  let groups = 0;
  const cp = (s: string) => s.codePointAt(0)!;
  const ci = (p: Pred): Pred =>
    caseInsensitive ? (c) => p(c) || p(fold(c)) || p(c >= 97 && c <= 122 ? c - 32 : c) : p;

  function alt(): Node {
    const items = [cat()];
    while (pattern[i] === '|') {
      i++;
      items.push(cat());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }
  function cat(): Node {
    const items: Node[] = [];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') items.push(quantified());
    return { t: 'cat', items };
  }
  function quantified(): Node {
    let node = atom();
    for (;;) {
      const c = pattern[i];
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, -1];
      else if (c === '+') [min, max] = [1, -1];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i))!;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
        if (min > 255 || max > 255 || (max >= 0 && max < min))
          throw new RegexError(`bad repeat count ${m[0]}`);
        i += m[0].length - 1;
      } else return node;
      i++;
      if (pattern[i] === '?' || pattern[i] === '+') i++; // lazy/possessive markers: same language
      node = { t: 'rep', node, min, max };
    }
  }
  function atom(): Node {
    const c = pattern[i]!;
    i++;
    switch (c) {
      case '(': {
        if (pattern[i] === '?') throw new RegexError('look-around and (? groups are not supported');
        const n = ++groups;
        const node = alt();
        if (pattern[i] !== ')') throw new RegexError('missing ")"');
        i++;
        return { t: 'group', n, node };
      }
      case ')':
        throw new RegexError('unmatched ")"');
      case '.':
        return { t: 'char', pred: (x) => x !== 10 };
      case '^':
        return { t: 'bol' };
      case '$':
        return { t: 'eol' };
      case '[':
        return { t: 'char', pred: ci(bracket()) };
      case '*':
      case '+':
      case '?':
        throw new RegexError(`nothing to repeat before "${c}"`);
      case '\\': {
        const e = pattern[i];
        if (e === undefined) throw new RegexError('pattern ends with "\\"');
        i++;
        if (e >= '1' && e <= '9') throw new RegexError('backreferences are not supported');
        if (e === 'd') return { t: 'char', pred: CLASSES.digit! };
        if (e === 'w') return { t: 'char', pred: word };
        if (e === 's') return { t: 'char', pred: CLASSES.space! };
        const code = cp(e);
        return { t: 'char', pred: ci((x) => x === code) };
      }
      default: {
        const code = cp(c);
        if (code > 0xffff) i++;
        return { t: 'char', pred: ci((x) => x === code) };
      }
    }
  }
  function bracket(): Pred {
    let negate = false;
    if (pattern[i] === '^') {
      negate = true;
      i++;
    }
    const preds: Pred[] = [];
    let first = true;
    for (;;) {
      if (i >= pattern.length) throw new RegexError('missing "]"');
      const c = pattern[i]!;
      if (c === ']' && !first) {
        i++;
        break;
      }
      first = false;
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const name = end > 0 ? pattern.slice(i + 2, end) : '';
        const p = CLASSES[name];
        if (!p) throw new RegexError(`unknown character class [:${name}:]`);
        preds.push(p);
        i = end + 2;
        continue;
      }
      let lo = cp(c);
      i += lo > 0xffff ? 2 : 1;
      if (c === '\\' && i < pattern.length) {
        lo = cp(pattern[i]!);
        i++;
      }
      if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
        const hi = cp(pattern.slice(i + 1));
        i += hi > 0xffff ? 3 : 2;
        if (hi < lo) throw new RegexError('bad range in [...]');
        preds.push((x) => x >= lo && x <= hi);
      } else {
        const v = lo;
        preds.push((x) => x === v);
      }
    }
    return negate ? (x) => !preds.some((p) => p(x)) : (x) => preds.some((p) => p(x));
  }

  const tree = alt();
  if (i < pattern.length) throw new RegexError('unmatched ")"');
  const prog: Inst[] = [{ op: 'save', n: 0 }];
  const emit = (inst: Inst) => {
    if (prog.length >= MAX_PROGRAM) throw new RegexError('regex too complex');
    prog.push(inst);
    return prog.length - 1;
  };
  function gen(n: Node) {
    switch (n.t) {
      case 'char':
        emit({ op: 'char', pred: n.pred });
        return;
      case 'bol':
      case 'eol':
        emit({ op: n.t });
        return;
      case 'cat':
        for (const x of n.items) gen(x);
        return;
      case 'group':
        emit({ op: 'save', n: 2 * n.n });
        gen(n.node);
        emit({ op: 'save', n: 2 * n.n + 1 });
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          if (k < n.items.length - 1) {
            const s = emit({ op: 'split', x: 0, y: 0 });
            (prog[s] as { x: number }).x = prog.length;
            gen(item);
            jumps.push(emit({ op: 'jmp', x: 0 }));
            (prog[s] as { y: number }).y = prog.length;
          } else gen(item);
        });
        for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) gen(n.node);
        if (n.max < 0) {
          const s = emit({ op: 'split', x: 0, y: 0 });
          (prog[s] as { x: number }).x = prog.length;
          gen(n.node);
          emit({ op: 'jmp', x: s });
          (prog[s] as { y: number }).y = prog.length;
        } else {
          const splits: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            const s = emit({ op: 'split', x: 0, y: 0 });
            (prog[s] as { x: number }).x = prog.length;
            splits.push(s);
            gen(n.node);
          }
          for (const s of splits) (prog[s] as { y: number }).y = prog.length;
        }
        return;
      }
    }
  }
  gen(tree);
  emit({ op: 'save', n: 1 });
  emit({ op: 'match' });
  return { prog, groups };
}

/**
 * POSIX order between two threads at the same instruction and position (so with the same
 * future): is `a` better than `b`? The earlier start wins (leftmost); then, group by group
 * from the first, the longer group wins, then the one starting earlier; a group that took
 * part beats one that did not (POSIX.1-2017 XBD §9.1: "consistent with the whole match
 * being the longest of the leftmost matches, each subpattern, from left to right, shall
 * match the longest possible string"). A group still open ends at the same place in
 * both, so its length is counted up to `pos`.
 */
function better(a: number[], b: number[], groups: number, pos: number): boolean {
  if (a[0] !== b[0]) return a[0]! < b[0]!;
  for (let g = 1; g <= groups; g++) {
    const sa = a[2 * g]!;
    const sb = b[2 * g]!;
    if (sa < 0 || sb < 0) {
      if (sa !== sb) return sa >= 0;
      continue;
    }
    const ea = a[2 * g + 1]!;
    const eb = b[2 * g + 1]!;
    const la = (ea >= sa ? ea : pos) - sa;
    const lb = (eb >= sb ? eb : pos) - sb;
    if (la !== lb) return la > lb;
    if (sa !== sb) return sa < sb;
  }
  return false;
}

/** Extra thread re-routings allowed per input position, per program instruction. */
const REROUTE_FACTOR = 2;

/**
 * Searches `input` for the regex with POSIX leftmost-longest semantics; returns the
 * groups (0 = whole match, undefined when a group did not take part) or null.
 *
 * A Pike VM: the threads at one position are kept one per instruction. When two reach
 * the same instruction, `better` decides which one stays (the loser's future would be the
 * winner's), and the winner is routed again through what follows. Routing again is
 * bounded per position (REROUTE_FACTOR x program), so time stays O(input x program);
 * past the bound the first thread stays, as in a leftmost-first engine.
 */
export function execRegex(re: CompiledRegex, text: string): (string | undefined)[] | null {
  const input = Array.from(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text);
  const { prog, groups } = re;
  const nslots = 2 * (groups + 1);
  type Thread = { pc: number; slots: number[] };
  const mark = new Int32Array(prog.length).fill(-1);
  const held: (number[] | undefined)[] = new Array(prog.length);
  const leaf = new Int32Array(prog.length);
  let gen = 0;
  let budget = 0;
  let best: number[] | null = null;

  const add = (list: Thread[], pc: number, slots: number[], pos: number) => {
    if (mark[pc] === gen) {
      if (budget <= 0 || !better(slots, held[pc]!, groups, pos)) return;
      budget--;
      held[pc] = slots;
      const op = prog[pc]!.op;
      if (op === 'char' || op === 'match') {
        list[leaf[pc]!]!.slots = slots;
        return;
      }
    } else {
      mark[pc] = gen;
      held[pc] = slots;
    }
    const inst = prog[pc]!;
    switch (inst.op) {
      case 'jmp':
        add(list, inst.x, slots, pos);
        return;
      case 'split':
        add(list, inst.x, slots, pos);
        add(list, inst.y, slots, pos);
        return;
      case 'save': {
        const s = slots.slice();
        s[inst.n] = pos;
        add(list, pc + 1, s, pos);
        return;
      }
      case 'bol':
        if (pos === 0) add(list, pc + 1, slots, pos);
        return;
      case 'eol':
        if (pos === input.length) add(list, pc + 1, slots, pos);
        return;
      default:
        leaf[pc] = list.length;
        list.push({ pc, slots });
    }
  };
  const step = () => {
    gen++;
    budget = REROUTE_FACTOR * prog.length;
  };

  step();
  let clist: Thread[] = [];
  add(clist, 0, new Array(nslots).fill(-1), 0);
  for (let pos = 0; pos <= input.length && clist.length > 0; pos++) {
    step();
    const nlist: Thread[] = [];
    const c = pos < input.length ? input[pos]!.codePointAt(0)! : -1;
    for (const t of clist) {
      // A thread that started after the best match so far can only lose.
      if (best && t.slots[0]! > best[0]!) continue;
      const inst = prog[t.pc]!;
      if (inst.op === 'match') {
        // Leftmost, then longest (a later end is longer), then POSIX subexpressions.
        if (!best || t.slots[0]! < best[0]! || t.slots[1]! > best[1]! || better(t.slots, best, groups, pos))
          best = t.slots;
      } else if (inst.op === 'char' && c >= 0 && inst.pred(c)) add(nlist, t.pc + 1, t.slots, pos + 1);
    }
    // A new attempt from the next position, unless a match (which starts earlier) exists.
    if (!best && pos < input.length) add(nlist, 0, new Array(nslots).fill(-1), pos + 1);
    clist = nlist;
  }
  if (!best) return null;
  const out: (string | undefined)[] = [];
  for (let g = 0; g <= groups; g++) {
    const a = best[2 * g]!;
    const b = best[2 * g + 1]!;
    out.push(a >= 0 && b >= a ? input.slice(a, b).join('') : undefined);
  }
  return out;
}

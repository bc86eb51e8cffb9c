// A bounded regular-expression engine for the :regex match type (draft-ietf-sieve-regex,
// POSIX extended syntax). It compiles to a small program run by a Pike VM: every input
// character is visited once per program instruction at most, so time is O(input x pattern)
// and no pattern can backtrack catastrophically. Backreferences and look-around are
// refused when the script is checked. Alternation is leftmost-first (Perl order), not
// POSIX leftmost-longest; match variables ${0}..${9} are the groups.

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
 * Searches `input` for the regex; returns the groups (0 = whole match, undefined when a
 * group did not take part) or null. Runs in O(input x program).
 */
export function execRegex(re: CompiledRegex, text: string): (string | undefined)[] | null {
  const input = Array.from(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text);
  const { prog } = re;
  const nslots = 2 * (re.groups + 1);
  type Thread = { pc: number; slots: number[] };
  let clist: Thread[] = [];
  let nlist: Thread[] = [];
  let matched: number[] | null = null;
  let mark = new Int32Array(prog.length).fill(-1);
  let gen = 0;

  const add = (list: Thread[], pc: number, slots: number[], pos: number) => {
    if (mark[pc] === gen) return;
    mark[pc] = gen;
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
        list.push({ pc, slots });
    }
  };

  for (let pos = 0; pos <= input.length; pos++) {
    if (!matched) {
      gen++;
      // Threads already in clist keep priority over a new start here.
      for (const t of clist) mark[t.pc] = gen;
      const fresh: Thread[] = [];
      add(fresh, 0, new Array(nslots).fill(-1), pos);
      clist = clist.concat(fresh);
    }
    if (clist.length === 0) break;
    gen++;
    nlist = [];
    const c = pos < input.length ? input[pos]!.codePointAt(0)! : -1;
    for (const t of clist) {
      const inst = prog[t.pc]!;
      if (inst.op === 'match') {
        matched = t.slots;
        break; // lower-priority threads are cut off
      }
      if (inst.op === 'char' && c >= 0 && inst.pred(c)) add(nlist, t.pc + 1, t.slots, pos + 1);
    }
    clist = nlist;
    if (pos === input.length) break;
  }
  // Threads that reached "match" only at the very end are still in clist.
  for (const t of clist) {
    if (prog[t.pc]!.op === 'match') {
      matched = matched ?? t.slots;
      break;
    }
  }
  mark = new Int32Array(0);
  if (!matched) return null;
  const m = matched;
  const out: (string | undefined)[] = [];
  for (let g = 0; g <= re.groups; g++) {
    const a = m[2 * g]!;
    const b = m[2 * g + 1]!;
    out.push(a >= 0 && b >= 0 ? input.slice(a, b).join('') : undefined);
  }
  return out;
}

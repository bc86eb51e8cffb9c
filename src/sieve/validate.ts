// Upload-time checks: known commands and tests, argument types, tags and their
// capabilities, require placement, elsif/else placement, comparators and relations.
import type { Argument, CommandNode, StringArg, TestNode } from './ast.js';
import { decodeEncodedCharacters } from './encoded.js';
import { type Position, SieveSyntaxError } from './errors.js';
import { compileRegex, RegexError } from './regex.js';
import {
  type ArgKind,
  CAPABILITIES,
  COMMANDS,
  COMPARATORS,
  DATE_PARTS,
  RELATIONS,
  type Spec,
  TESTS,
} from './specs.js';

const KNOWN_CAPS = new Set<string>(CAPABILITIES);

export function validate(commands: CommandNode[]): Set<string> {
  const caps = new Set<string>();
  const fail = (msg: string, pos: Position): never => {
    throw new SieveSyntaxError(msg, pos);
  };

  function need(cap: string, what: string, pos: Position) {
    if (!caps.has(cap)) fail(`${what} needs require "${cap}"`, pos);
  }

  function strings(a: Argument): StringArg[] {
    return a.kind === 'string' ? [a] : a.kind === 'stringlist' ? a.values : [];
  }

  function decode(a: Argument) {
    if (!caps.has('encoded-character')) return;
    for (const s of strings(a)) s.value = decodeEncodedCharacters(s.value, s.pos);
  }

  function fits(a: Argument, kind: ArgKind): boolean {
    if (kind === 'stringlist') return a.kind === 'string' || a.kind === 'stringlist';
    return a.kind === kind;
  }

  const kindName = (k: ArgKind) =>
    k === 'stringlist' ? 'a string list' : k === 'string' ? 'a string' : 'a number';

  function checkArgs(node: CommandNode | TestNode, spec: Spec, what: string) {
    if (spec.cap) need(spec.cap, what, node.pos);
    const groups = new Map<string, string>();
    const positional: Argument[] = [];
    const args = node.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.kind !== 'tag') {
        positional.push(a);
        continue;
      }
      if (positional.length > 0)
        fail(`tag :${a.name} must come before the other arguments of ${what}`, a.pos);
      const t = spec.tags[a.name];
      if (!t) return fail(`unknown tag :${a.name} for ${what}`, a.pos);
      if (t.cap) need(t.cap, `:${a.name}`, a.pos);
      if (node.tags.has(a.name)) fail(`tag :${a.name} given twice`, a.pos);
      if (t.group) {
        const other = groups.get(t.group);
        if (other) fail(`:${a.name} cannot be used together with :${other}`, a.pos);
        groups.set(t.group, a.name);
      }
      if (t.arg) {
        const v = args[i + 1];
        if (!v || !fits(v, t.arg)) return fail(`:${a.name} must be followed by ${kindName(t.arg)}`, a.pos);
        decode(v);
        node.tags.set(a.name, v);
        i++;
      } else node.tags.set(a.name, true);
    }
    const max = spec.positional.length;
    const min = spec.min ?? max;
    if (positional.length < min || positional.length > max) {
      const n = min === max ? `${max}` : `${min} to ${max}`;
      fail(`${what} takes ${n} argument(s) besides tags, found ${positional.length}`, node.pos);
    }
    const kinds =
      positional.length === max
        ? spec.positional
        : spec.optional === 'leading'
          ? spec.positional.slice(max - positional.length)
          : spec.positional.slice(0, positional.length);
    positional.forEach((a, i) => {
      const k = kinds[i]!;
      if (!fits(a, k)) fail(`argument ${i + 1} of ${what} must be ${kindName(k)}`, a.pos);
      decode(a);
    });
    // For optional leading arguments keep a fixed layout: pad at the front.
    node.positional = positional;
    const want = spec.tests;
    if (!want && node.tests.length > 0) fail(`${what} takes no test`, node.tests[0]!.pos);
    if (want === 'one' && node.tests.length !== 1) fail(`${what} needs exactly one test`, node.pos);
    if (want === 'list' && node.tests.length === 0) fail(`${what} needs a list of tests`, node.pos);
    checkMatching(node);
  }

  function checkMatching(node: CommandNode | TestNode) {
    const cmp = node.tags.get('comparator');
    if (cmp && cmp !== true && cmp.kind === 'string') {
      const name = cmp.value.toLowerCase();
      if (!COMPARATORS.includes(name)) fail(`unknown comparator "${cmp.value}"`, cmp.pos);
      if (name === 'i;ascii-numeric')
        need('comparator-i;ascii-numeric', 'comparator i;ascii-numeric', cmp.pos);
    }
    for (const rel of ['count', 'value']) {
      const r = node.tags.get(rel);
      if (r && r !== true && r.kind === 'string' && !RELATIONS.includes(r.value.toLowerCase()))
        fail(`unknown relation "${r.value}" (use gt, ge, lt, le, eq or ne)`, r.pos);
    }
    if (node.tags.has('regex')) {
      const keys = node.positional[node.positional.length - 1];
      for (const k of keys ? strings(keys) : []) {
        if (k.value.includes('${')) continue; // checked when run
        try {
          compileRegex(k.value, false);
        } catch (e) {
          if (e instanceof RegexError) fail(`bad regex: ${e.message}`, k.pos);
          throw e;
        }
      }
    }
    if (node.tags.has('last') && !node.tags.has('index') && node.name !== 'addheader')
      fail(':last needs :index', node.pos);
  }

  function checkTest(t: TestNode) {
    const spec = TESTS[t.name];
    if (!spec) return fail(`unknown test "${t.name}"`, t.pos);
    checkArgs(t, spec, `test "${t.name}"`);
    if (t.name === 'date' || t.name === 'currentdate') {
      const part = t.positional[t.name === 'date' ? 1 : 0] as StringArg;
      if (!DATE_PARTS.includes(part.value.toLowerCase()) && !part.value.includes('${'))
        fail(`unknown date part "${part.value}"`, part.pos);
    }
    for (const sub of t.tests) checkTest(sub);
  }

  function checkBlock(list: CommandNode[], topLevel: boolean) {
    let prev: string | null = null;
    let requireAllowed = topLevel;
    for (const c of list) {
      const spec = COMMANDS[c.name];
      if (!spec) fail(`unknown command "${c.name}"`, c.pos);
      if (c.name === 'require') {
        if (!requireAllowed) fail('"require" must come before any other command', c.pos);
        checkArgs(c, spec!, 'require');
        for (const s of strings(c.positional[0]!)) {
          if (!KNOWN_CAPS.has(s.value)) fail(`unsupported extension "${s.value}"`, s.pos);
          caps.add(s.value);
        }
      } else {
        requireAllowed = false;
        if ((c.name === 'elsif' || c.name === 'else') && prev !== 'if' && prev !== 'elsif')
          fail(`"${c.name}" must follow "if" or "elsif"`, c.pos);
        if (spec!.block && !c.block) fail(`"${c.name}" needs a block { ... }`, c.pos);
        if (!spec!.block && c.block) fail(`"${c.name}" takes no block`, c.pos);
        checkArgs(c, spec!, `command "${c.name}"`);
        if (c.name === 'global') need('variables', 'global', c.pos);
        if (c.name === 'set') {
          const name = (c.positional[0] as StringArg).value;
          if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name))
            fail(`bad variable name "${name}"`, c.positional[0]!.pos);
        }
        for (const t of c.tests) checkTest(t);
        if (c.block) checkBlock(c.block, false);
      }
      prev = c.name;
    }
  }

  checkBlock(commands, true);
  return caps;
}

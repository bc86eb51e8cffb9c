// RFC 5228 §8.2 grammar: commands, arguments, tests, test lists, blocks.
import type { Argument, CommandNode, StringArg, TestNode } from './ast.js';
import { SieveSyntaxError } from './errors.js';
import type { Token } from './lexer.js';

/** Nesting limit for blocks and tests, so a hostile script cannot exhaust the stack. */
export const MAX_NESTING = 32;

export function parseTokens(tokens: Token[]): CommandNode[] {
  let i = 0;
  const peek = () => tokens[i]!;
  const next = () => tokens[i++]!;
  const fail = (msg: string, t: Token = peek()): never => {
    throw new SieveSyntaxError(msg, t.pos);
  };
  const isPunct = (t: Token, v: string) => t.type === 'punct' && t.value === v;
  const describe = (t: Token) =>
    t.type === 'eof' ? 'end of script' : t.type === 'string' ? 'a string' : `"${String(t.value)}"`;

  function commands(depth: number, inBlock: boolean): CommandNode[] {
    const list: CommandNode[] = [];
    for (;;) {
      const t = peek();
      if (t.type === 'eof') {
        if (inBlock) fail('missing "}" at end of script');
        return list;
      }
      if (isPunct(t, '}')) {
        if (!inBlock) fail('unexpected "}"');
        return list;
      }
      list.push(command(depth));
    }
  }

  function command(depth: number): CommandNode {
    const t = next();
    if (t.type !== 'identifier') return fail(`expected a command, found ${describe(t)}`, t);
    const { args, tests } = argumentsOf(depth);
    let block: CommandNode[] | null = null;
    const end = next();
    if (isPunct(end, ';')) {
      // simple command
    } else if (isPunct(end, '{')) {
      if (depth + 1 > MAX_NESTING) fail('blocks nested too deeply', end);
      block = commands(depth + 1, true);
      next(); // "}"
    } else {
      fail(`expected ";" or "{" after command "${t.value}", found ${describe(end)}`, end);
    }
    return { name: t.value, pos: t.pos, args, tests, block, tags: new Map(), positional: [] };
  }

  function argumentsOf(depth: number): { args: Argument[]; tests: TestNode[] } {
    const args: Argument[] = [];
    for (;;) {
      const t = peek();
      if (t.type === 'tag') {
        next();
        args.push({ kind: 'tag', name: t.value, pos: t.pos });
      } else if (t.type === 'number') {
        next();
        args.push({ kind: 'number', value: t.value, pos: t.pos });
      } else if (t.type === 'string') {
        next();
        args.push({ kind: 'string', value: t.value, pos: t.pos });
      } else if (isPunct(t, '[')) {
        next();
        const values: StringArg[] = [];
        for (;;) {
          const s = next();
          if (s.type !== 'string') fail(`expected a string in the list, found ${describe(s)}`, s);
          values.push({ kind: 'string', value: (s as { value: string }).value, pos: s.pos });
          const sep = next();
          if (isPunct(sep, ']')) break;
          if (!isPunct(sep, ',')) fail(`expected "," or "]" in string list, found ${describe(sep)}`, sep);
        }
        args.push({ kind: 'stringlist', values, pos: t.pos });
      } else break;
    }
    const tests: TestNode[] = [];
    const t = peek();
    if (t.type === 'identifier') tests.push(test(depth + 1));
    else if (isPunct(t, '(')) {
      next();
      for (;;) {
        tests.push(test(depth + 1));
        const sep = next();
        if (isPunct(sep, ')')) break;
        if (!isPunct(sep, ',')) fail(`expected "," or ")" in test list, found ${describe(sep)}`, sep);
      }
    }
    return { args, tests };
  }

  function test(depth: number): TestNode {
    if (depth > MAX_NESTING) fail('tests nested too deeply');
    const t = next();
    if (t.type !== 'identifier') return fail(`expected a test, found ${describe(t)}`, t);
    const { args, tests } = argumentsOf(depth);
    return { name: t.value, pos: t.pos, args, tests, tags: new Map(), positional: [] };
  }

  return commands(0, false);
}

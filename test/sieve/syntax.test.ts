// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables and encoded characters are written ${...}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, compile, SieveSyntaxError } from '../../src/sieve/index.js';
import { tokenize } from '../../src/sieve/lexer.js';

function errorAt(script: string): { line: number; column: number; text: string } {
  const e = check(script);
  assert.ok(e instanceof SieveSyntaxError, `expected an error for ${JSON.stringify(script)}`);
  return { line: e.position.line, column: e.position.column, text: e.detail };
}

test('lexer: tokens carry line and column', () => {
  const t = tokenize('if true {\n  keep;\n}');
  assert.deepEqual(
    t.map((x) => [x.type, x.pos.line, x.pos.column]),
    [
      ['identifier', 1, 1],
      ['identifier', 1, 4],
      ['punct', 1, 9],
      ['identifier', 2, 3],
      ['punct', 2, 7],
      ['punct', 3, 1],
      ['eof', 3, 2],
    ],
  );
});

test('lexer: quoted strings with escapes, numbers with quantifiers', () => {
  const t = tokenize('"a\\"b\\\\c\\d" 10K 2M 1G 7');
  assert.deepEqual(
    t.slice(0, 5).map((x) => ('value' in x ? x.value : null)),
    ['a"b\\cd', 10240, 2 * 1024 * 1024, 1024 ** 3, 7],
  );
});

test('lexer: multi-line string with dot-unstuffing and a hash comment after text:', () => {
  const t = tokenize('text: # comment\r\nline one\r\n..dotted\r\n.\r\n;');
  assert.equal(t[0]!.type, 'string');
  assert.equal((t[0] as { value: string }).value, 'line one\r\n.dotted\r\n');
  assert.equal(t[1]!.type, 'punct');
  assert.equal(t[1]!.pos.line, 5);
});

test('lexer: bracket comments span lines and keep counting lines', () => {
  const t = tokenize('/* a\nb\nc */ keep;');
  assert.deepEqual([t[0]!.pos.line, t[0]!.pos.column], [3, 6]);
});

test('lexer errors: unterminated string, comment, text block, stray character', () => {
  assert.deepEqual(errorAt('keep;\n  "abc'), { line: 2, column: 3, text: 'unterminated string' });
  assert.match(errorAt('/* x').text, /unterminated bracket comment/);
  assert.match(errorAt('reject text:\nabc\n').text, /unterminated multi-line/);
  assert.deepEqual(errorAt('keep; @'), { line: 1, column: 7, text: 'unexpected character "@"' });
});

test('parse errors give line, column and a clear text', () => {
  assert.deepEqual(errorAt('keep;\nfrobnicate;'), {
    line: 2,
    column: 1,
    text: 'unknown command "frobnicate"',
  });
  assert.deepEqual(errorAt('if sometest { keep; }'), { line: 1, column: 4, text: 'unknown test "sometest"' });
  assert.match(errorAt('require "fileinto";\nfileinto;').text, /takes 1 argument/);
  assert.deepEqual(errorAt('require "fileinto";\nfileinto 12;'), {
    line: 2,
    column: 10,
    text: 'argument 1 of command "fileinto" must be a string',
  });
  assert.deepEqual(errorAt('fileinto "x";'), {
    line: 1,
    column: 1,
    text: 'command "fileinto" needs require "fileinto"',
  });
  assert.deepEqual(errorAt('keep;\nelse { keep; }'), {
    line: 2,
    column: 1,
    text: '"else" must follow "if" or "elsif"',
  });
  assert.match(errorAt('elsif true { keep; }').text, /must follow "if"/);
  assert.deepEqual(errorAt('keep;\nrequire "fileinto";'), {
    line: 2,
    column: 1,
    text: '"require" must come before any other command',
  });
  assert.deepEqual(errorAt('require "x-unknown";'), {
    line: 1,
    column: 9,
    text: 'unsupported extension "x-unknown"',
  });
  assert.match(errorAt('keep').text, /expected ";" or "{"/);
  assert.match(errorAt('if true { keep;').text, /missing "}"/);
  assert.match(errorAt('}').text, /unexpected "}"/);
  assert.match(errorAt('if header :is :contains "a" "b" { keep; }').text, /cannot be used together/);
  assert.match(errorAt('if header :frob "a" "b" { keep; }').text, /unknown tag :frob/);
  assert.match(errorAt('if header :comparator "i;foo" "a" "b" {}').text, /unknown comparator/);
  assert.match(
    errorAt('if header :comparator "i;ascii-numeric" "a" "b" {}').text,
    /comparator-i;ascii-numeric/,
  );
  assert.match(errorAt('if header :regex "a" "b" {}').text, /needs require "regex"/);
  assert.match(errorAt('require "relational"; if header :count "xx" "a" "1" {}').text, /unknown relation/);
  assert.match(errorAt('if true keep;').text, /needs a block/);
  assert.match(errorAt('if true;').text, /needs a block/);
  assert.match(errorAt('keep { }').text, /takes no block/);
  assert.match(errorAt('if not { }').text, /needs exactly one test/);
  assert.match(errorAt('if anyof() {}').text, /expected a test/);
  assert.match(errorAt('if header ["a", 1] "b" {}').text, /expected a string in the list/);
  assert.match(errorAt('require "variables"; set "1bad" "x";').text, /bad variable name/);
  assert.match(errorAt('require "date"; if currentdate "decade" "x" {}').text, /unknown date part/);
});

test('regex patterns with backreferences or look-around are refused at upload, with a position', () => {
  const e = errorAt('require "regex";\nif header :regex "subject" "(a)\\\\1" { keep; }');
  assert.equal(e.line, 2);
  assert.equal(e.column, 28);
  assert.match(e.text, /backreferences/);
  assert.match(errorAt('require "regex"; if header :regex "s" "(?=a)" {}').text, /look-around/);
});

test('nesting is limited, so deep scripts fail cleanly', () => {
  const deep = 'if true {'.repeat(100) + '}'.repeat(100);
  assert.match(errorAt(deep).text, /nested too deeply/);
  const deepTest = `if ${'not '.repeat(200)}true {}`;
  assert.match(errorAt(deepTest).text, /nested too deeply/);
});

test('compile records capabilities and accepts the RFC 5228 §2.4.2 multi-line reject', () => {
  const s = compile('require ["fileinto", "reject"];\nreject text:\n.. Not wanted\n.\n;');
  assert.deepEqual([...s.capabilities], ['fileinto', 'reject']);
});

test('encoded-character decodes ${hex:} and ${unicode:} only when required', () => {
  const s = compile(
    'require ["encoded-character", "fileinto"]; fileinto "${hex: 49 4e}BOX.${unicode:263A}";',
  );
  assert.equal((s.commands[1]!.positional[0] as { value: string }).value, 'INBOX.\u263a');
  const plain = compile('require "fileinto"; fileinto "${hex:41}";');
  assert.equal((plain.commands[1]!.positional[0] as { value: string }).value, '${hex:41}');
  assert.match(errorAt('require "encoded-character"; keep :flags "x";').text, /imap4flags/);
  assert.match(
    errorAt('require "encoded-character";\nreject "${unicode:D800}";').text,
    /needs require "reject"/,
  );
  assert.match(
    errorAt('require ["encoded-character","reject"];\nreject "${unicode:D800}";').text,
    /bad unicode/,
  );
});

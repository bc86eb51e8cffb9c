// The README keeps the CONTRACT's two set-up lines at the very top, and every local link
// in the README and docs/ points at a file that exists.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/cli.js';

test('README opens with the install-and-start line and the install-and-test line', () => {
  const lines = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n');
  const commands = lines.slice(0, 6).filter((l) => l.startsWith('    '));
  assert.equal(commands.length, 2);
  assert.match(commands[0]!, /^ {4}npm (ci|install) && npm start$/);
  assert.match(commands[1]!, /^ {4}npm (ci|install) && npm test$/);
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.match(pkg.scripts.start ?? '', /bin\/postroom\.js serve --dev --data \.\/data/);
});

test('local links in README.md and docs/ resolve', () => {
  const files = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((f) => join('docs', f))].filter(
    (f) => f.endsWith('.md'),
  );
  for (const file of files) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      assert.ok(existsSync(join(REPO_ROOT, dirname(file), target)), `${file} links to missing ${target}`);
    }
  }
});

#!/usr/bin/env node
// Enforces the direction of dependencies described in docs/architecture.md:
//   pure modules (mime, auth/sasl, sieve, protocols/*/wire, util) import only util and node:*
//   core imports only store (interfaces), mime, util, log, and itself; never net/tls/protocols
//   protocols/http/outbound never import a store implementation
//   only store-* folders may import better-sqlite3 / pg
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = 'src';
const files = [];
(function walk(d) {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.ts')) files.push(p);
  }
})(root);

const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];

function area(file) {
  const rel = relative(root, file).split('/');
  if (rel[0] === 'protocols' && rel[2] === 'wire') return 'wire';
  if (rel[0] === 'auth' && rel[1] === 'sasl') return 'sasl';
  return rel[0];
}

const pure = new Set(['mime', 'sasl', 'sieve', 'wire', 'util']);
const rules = {
  pure: (to) => to === 'util' || to === 'same',
  core: (to) => ['store', 'mime', 'util', 'log', 'same', 'sieve'].includes(to),
  store: (to) => ['util', 'same', 'mime'].includes(to),
};

for (const f of files) {
  const src = readFileSync(f, 'utf8');
  const from = area(f);
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    if (spec === 'better-sqlite3' || spec === 'pg') {
      if (!from.startsWith('store-')) problems.push(`${f}: imports ${spec} outside src/store-*`);
      continue;
    }
    if (!spec.startsWith('.')) {
      if (pure.has(from) && /^node:(net|tls|http|https|dgram|child_process|worker_threads)$/.test(spec))
        problems.push(`${f}: pure module imports ${spec}`);
      continue;
    }
    const target = relative(root, resolve(dirname(f), spec));
    if (target.startsWith('..')) continue;
    const toArea = area(join(root, target));
    const to = toArea === from ? 'same' : toArea;
    if (pure.has(from) && !rules.pure(to)) problems.push(`${f}: pure module imports ${target}`);
    if (from === 'core' && !rules.core(to)) problems.push(`${f}: core imports ${target}`);
    if (from === 'store' && !rules.store(to)) problems.push(`${f}: store interfaces import ${target}`);
    if (['protocols', 'http', 'outbound', 'wire'].includes(from) && toArea.startsWith('store-'))
      problems.push(`${f}: imports a store implementation (${target}); go through core`);
  }
}
if (problems.length) {
  console.error(`check-layers: ${problems.length} import(s) break the layering:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderConfigDoc } from '../../src/config/doc.js';
import { SERVE_FLAGS } from '../../src/config/flags.js';
import { PORT_NAMES } from '../../src/config/ports.js';

// dist/test/config/doc.test.js -> repository root
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('docs/configuration.md is up to date with the schema (run `npm run docs`)', () => {
  const checkedIn = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
  assert.equal(checkedIn, renderConfigDoc(), 'docs/configuration.md is stale: run `npm run docs`');
});

test('the generated doc names every field and every flag', () => {
  const doc = renderConfigDoc();
  for (const n of PORT_NAMES) assert.ok(doc.includes(`\`ports.${n}\``), n);
  for (const f of SERVE_FLAGS) assert.ok(doc.includes(`\`--${f.name}\``), f.name);
  for (const field of [
    'hostname',
    'dataDir',
    'tls.cert',
    'store',
    'limits.maxMessageBytes',
    'log.level',
    'dev',
  ])
    assert.ok(doc.includes(`\`${field}\``), field);
});

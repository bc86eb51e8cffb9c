#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (run `npm run build` after changes).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('postroom: not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(1);
}
await import(entry);

#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=4194304 node
// Thin launcher: the compiled CLI lives in dist/ (run `npm run build` after changes).
// MALLOC_MMAP_THRESHOLD_ (glibc, read at process start, so it is set here by env -S):
// scrypt takes 16 MiB per password check on a libuv thread; with glibc's default
// *dynamic* threshold that block comes from the thread's arena and stays resident after
// free, about 64 MiB for the 4 threads after the first logins. A fixed 4 MiB threshold
// maps such blocks and gives them back at once (1,000 IDLE connections: 85 -> 14 KiB of
// server memory each). `node bin/postroom.js` skips the shebang: set it yourself there.
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

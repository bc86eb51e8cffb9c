// Runs every message of the shared corpus (../shared/fixtures/mail) through the analyzer.
// Those files are third-party test data and stay outside the repository.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeMessage } from '../../src/mime/index.js';
import type { MessageAnalysis } from '../../src/mime/types.js';
import { analyzeInChunks, checkInvariants, plain, toCrlf } from './helpers.js';

function corpusDir(): string | null {
  for (const d of [
    process.env.POSTROOM_MAIL_CORPUS,
    '/work/shared/fixtures/mail',
    resolve('../shared/fixtures/mail'),
  ]) {
    if (d && existsSync(d)) return d;
  }
  return null;
}

function emlFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) emlFiles(p, out);
    else if (/\.(eml|msg|txt)$/i.test(n) && n !== 'README.md') out.push(p);
  }
  return out;
}

const dir = corpusDir();

test('shared mail corpus: every message analyzes cleanly', {
  skip: dir ? false : 'no ../shared/fixtures/mail here',
}, () => {
  const files = emlFiles(dir as string);
  assert.ok(files.length > 0);
  for (const f of files) {
    const src = toCrlf(readFileSync(f));
    let r: MessageAnalysis;
    try {
      r = analyzeMessage(src);
    } catch (e) {
      assert.fail(`${f}: ${(e as Error).stack}`);
    }
    checkInvariants(r, src, f);
    assert.deepEqual(plain(analyzeInChunks(src, () => 7)), plain(r), `${f}: 7-byte chunks differ`);
  }
});

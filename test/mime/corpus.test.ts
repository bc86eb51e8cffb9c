// Runs every message of the shared corpus (../shared/fixtures/mail) through the analyzer.
// Those files are third-party test data and stay outside the repository.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeMessage, createAnalyzer, formatBodyStructure, formatEnvelope } from '../../src/mime/index.js';
import type { MessageAnalysis, MimePart } from '../../src/mime/types.js';

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

/** The store's CRLF normalisation: every bare LF becomes CRLF. */
export function toCrlf(buf: Buffer): Buffer {
  return Buffer.from(buf.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

function balanced(s: string): boolean {
  let depth = 0;
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    } else if (ch === '{') {
      const m = /^\{(\d+)\}\r\n/.exec(s.slice(i));
      if (m) {
        const n = Number(m[1]);
        const rest = Buffer.from(s.slice(i + m[0].length), 'utf8');
        i += m[0].length + rest.subarray(0, n).toString('utf8').length - 1;
      }
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
    i++;
  }
  return depth === 0;
}

function checkPart(p: MimePart, lo: number, hi: number, src: Buffer, where: string): void {
  assert.ok(lo <= p.headerStart, `${where}: headerStart ${p.headerStart} < ${lo}`);
  assert.ok(p.headerStart <= p.bodyStart, `${where}: bodyStart before headerStart`);
  assert.ok(p.bodyStart <= p.bodyEnd, `${where}: bodyEnd before bodyStart`);
  assert.ok(p.bodyEnd <= hi, `${where}: bodyEnd ${p.bodyEnd} > ${hi}`);
  let prev = p.bodyStart;
  (p.children ?? []).forEach((c, i) => {
    checkPart(c, prev, p.bodyEnd, src, `${where}.${i + 1}`);
    prev = c.bodyEnd;
  });
  if (p.message) {
    assert.equal(p.message.part.headerStart, p.bodyStart, `${where}: inner message starts at the body`);
    checkPart(p.message.part, p.bodyStart, p.bodyEnd, src, `${where}.msg`);
  }
}

function leaves(p: MimePart, out: MimePart[] = []): MimePart[] {
  if (p.children?.length) for (const c of p.children) leaves(c, out);
  else if (p.message) leaves(p.message.part, out);
  else out.push(p);
  return out;
}

function checkGaps(p: MimePart, src: Buffer, where: string): void {
  const b = p.params.find(([k]) => k === 'boundary')?.[1];
  const kids = p.children ?? [];
  for (let i = 1; i < kids.length; i++) {
    const gap = src
      .subarray((kids[i - 1] as MimePart).bodyEnd, (kids[i] as MimePart).headerStart)
      .toString('latin1');
    assert.ok(
      gap.startsWith(`--${b}`) || /^\r?\n--/.test(gap),
      `${where}: not a boundary between parts: ${JSON.stringify(gap)}`,
    );
    assert.ok(gap.includes(`--${b}`), `${where}: gap without the boundary: ${JSON.stringify(gap)}`);
  }
  for (const c of kids) checkGaps(c, src, where);
  if (p.message) checkGaps(p.message.part, src, where);
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
    assert.equal(r.size, src.length, f);
    checkPart(r.structure, 0, src.length, src, f);
    const bs = formatBodyStructure(r.structure, true);
    assert.ok(balanced(bs), `${f}: unbalanced BODYSTRUCTURE ${bs.slice(0, 200)}`);
    assert.ok(balanced(formatBodyStructure(r.structure, false)), `${f}: unbalanced BODY`);
    assert.ok(balanced(formatEnvelope(r.envelope)), `${f}: unbalanced ENVELOPE`);
    // Re-slicing: between consecutive children of a multipart lies exactly one boundary
    // line (with the line break before it), and a leaf with a body has a whole header.
    checkGaps(r.structure, src, f);
    for (const leaf of leaves(r.structure)) {
      if (leaf.bodyEnd > leaf.bodyStart && leaf.bodyStart > leaf.headerStart) {
        const hdr = src.subarray(leaf.headerStart, leaf.bodyStart);
        assert.equal(hdr[hdr.length - 1], 10, `${f}: header slice of a leaf ends mid-line`);
      }
    }
    // chunked feeding gives the same answer
    const a = createAnalyzer();
    for (let i = 0; i < src.length; i += 7) a.write(src.subarray(i, i + 7));
    assert.deepEqual(
      JSON.parse(JSON.stringify(a.end())),
      JSON.parse(JSON.stringify(r)),
      `${f}: 7-byte chunks differ`,
    );
  }
});

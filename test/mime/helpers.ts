// Shared helpers for the MIME tests.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer, formatBodyStructure, formatEnvelope } from '../../src/mime/index.js';
import type { MessageAnalysis, MimePart } from '../../src/mime/types.js';

/** The store's CRLF normalisation: every bare LF becomes CRLF. */
export function toCrlf(buf: Buffer): Buffer {
  return Buffer.from(buf.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

/** Compiled tests run from dist/test/mime; the fixtures stay in the source tree. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/mail/', import.meta.url));

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.eml'))
    .sort();
}

export function readFixture(name: string): Buffer {
  return toCrlf(readFileSync(join(FIXTURES, name)));
}

/** Feeds `src` in chunks of the sizes `next()` returns. */
export function analyzeInChunks(src: Buffer, next: () => number): MessageAnalysis {
  const a = createAnalyzer();
  for (let i = 0; i < src.length; ) {
    const n = Math.max(1, next());
    a.write(src.subarray(i, i + n));
    i += n;
  }
  return a.end();
}

/** A small deterministic PRNG (mulberry32) so random splits are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON round trip, so results compare as plain data. */
export function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

/** IMAP section numbers of every part ("1", "2.1", ...). */
export function sections(root: MimePart): string[] {
  const out: string[] = [];
  const walk = (kids: MimePart[], prefix: string) => {
    kids.forEach((k, i) => {
      const s = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      out.push(s);
      walk(subParts(k), s);
    });
  };
  walk(root.type === 'multipart' ? (root.children ?? []) : [root], '');
  return out;
}

function subParts(p: MimePart): MimePart[] {
  if (p.type === 'multipart') return p.children ?? [];
  if (p.message)
    return p.message.part.type === 'multipart' ? (p.message.part.children ?? []) : [p.message.part];
  return [];
}

/** Parentheses of an IMAP response balance (quoted strings and literals skipped). */
export function balanced(s: string): boolean {
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

/**
 * What must hold for any input: offsets nested and in bounds, children in order, exactly a
 * boundary line between siblings, leaf headers ending on a line break, formatted
 * BODYSTRUCTURE / BODY / ENVELOPE with balanced parentheses.
 */
export function checkInvariants(r: MessageAnalysis, src: Buffer, where: string): void {
  assert.equal(r.size, src.length, where);
  checkPart(r.structure, 0, src.length, src, where);
  for (const ext of [true, false]) {
    const bs = formatBodyStructure(r.structure, ext);
    assert.ok(balanced(bs), `${where}: unbalanced ${bs.slice(0, 200)}`);
  }
  assert.ok(balanced(formatEnvelope(r.envelope)), `${where}: unbalanced ENVELOPE`);
  checkGaps(r.structure, src, where);
  for (const leaf of leaves(r.structure)) {
    if (leaf.bodyEnd > leaf.bodyStart && leaf.bodyStart > leaf.headerStart) {
      assert.equal(src[leaf.bodyStart - 1], 10, `${where}: header slice of a leaf ends mid-line`);
    }
  }
}

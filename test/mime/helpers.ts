// Shared helpers for the MIME tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../../src/mime/index.js';
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

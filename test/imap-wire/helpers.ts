// Test helpers: run the framer over bytes, accepting every synchronising literal.

import { parseCommand } from '../../src/protocols/imap/wire/commands/parse.js';
import type { ImapCommand, ParseOptions, ParseResult } from '../../src/protocols/imap/wire/commands/types.js';
import type { Frame, FramerEvent } from '../../src/protocols/imap/wire/frame.js';
import { Framer } from '../../src/protocols/imap/wire/framer.js';
import type { WireLimits } from '../../src/protocols/imap/wire/limits.js';

export function drain(framer: Framer, accept = true): FramerEvent[] {
  const out: FramerEvent[] = [];
  for (;;) {
    const ev = framer.next();
    if (!ev) {
      if (framer.awaitingDecision) {
        if (accept) framer.accept();
        else framer.reject();
        continue;
      }
      return out;
    }
    out.push(ev);
  }
}

/** Feeds `chunks` one by one and collects every event. */
export function runFramer(
  chunks: Array<string | Buffer>,
  limits: Partial<WireLimits> = {},
  accept = true,
): FramerEvent[] {
  const f = new Framer(limits);
  const out: FramerEvent[] = [];
  for (const c of chunks) {
    f.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
    out.push(...drain(f, accept));
  }
  return out;
}

export function framesOf(text: string | Buffer, limits: Partial<WireLimits> = {}): Frame[] {
  return runFramer([text], limits).flatMap((e) => (e.kind === 'command' ? [e.frame] : []));
}

/** Parses one command given as wire text (CRLF added when missing). */
export function parse(text: string, opts?: ParseOptions): ParseResult {
  const wire = text.endsWith('\r\n') ? text : text + '\r\n';
  const frames = framesOf(wire);
  if (frames.length !== 1)
    throw new Error(`expected one frame, got ${frames.length} for ${JSON.stringify(text)}`);
  return parseCommand(frames[0]!, opts);
}

/** Parses and asserts success. */
export function cmd(text: string, opts?: ParseOptions): ImapCommand {
  const r = parse(text, opts);
  if (!r.ok) throw new Error(`parse failed for ${JSON.stringify(text)}: ${r.message}`);
  return r.command;
}

/** Removes Buffer identity so deepEqual compares content of literal parts. */
export function plain<T>(v: T): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x) => (x && x.type === 'Buffer' ? Buffer.from(x.data).toString('latin1') : x)),
  );
}

/** Deterministic PRNG (mulberry32) so property tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `buf` at random points into 1..maxPieces chunks. */
export function randomSplit(buf: Buffer, rand: () => number, maxPieces = 12): Buffer[] {
  const cuts = new Set<number>();
  const n = 1 + Math.floor(rand() * maxPieces);
  for (let i = 0; i < n; i++) cuts.add(Math.floor(rand() * buf.length));
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of sorted) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

/** Asserts that `actual` contains everything in `expected` (objects compared by the keys
 *  of expected; arrays element by element and of equal length). */
export function assertSubset(actual: unknown, expected: unknown, path = '$'): void {
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected)
      throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      throw new Error(`${path}: expected array of ${expected.length}, got ${JSON.stringify(actual)}`);
    for (let i = 0; i < expected.length; i++) assertSubset(actual[i], expected[i], `${path}[${i}]`);
    return;
  }
  if (actual === null || typeof actual !== 'object')
    throw new Error(`${path}: expected object, got ${JSON.stringify(actual)}`);
  for (const [k, v] of Object.entries(expected))
    assertSubset((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
}

// Structured header values with parameters: Content-Type, Content-Disposition
// (RFC 2045 §5.1, RFC 2183), including RFC 2231 continuations, charsets and languages.
import { decodeCharset } from './charset.js';

export interface ParsedValue {
  /** The main value, lower case, comments and whitespace removed (e.g. "text/plain"). */
  value: string;
  /** Parameters in order of first appearance; names lower case, RFC 2231 parts joined and decoded. */
  params: [string, string][];
}

/** Removes RFC 5322 comments outside quoted strings. */
export function stripComments(s: string): string {
  if (!s.includes('(')) return s;
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (depth === 0 && ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && depth > 0) {
      depth--;
      continue;
    }
    if (depth === 0) out += ch;
  }
  return out;
}

interface RawParam {
  name: string;
  value: string;
}

function readParams(s: string, from: number): RawParam[] {
  const out: RawParam[] = [];
  let i = from;
  const len = s.length;
  while (i < len) {
    while (i < len && (s[i] === ';' || /\s/.test(s[i] as string))) i++;
    if (i >= len) break;
    const eq = s.indexOf('=', i);
    const semi = s.indexOf(';', i);
    if (eq < 0 || (semi >= 0 && semi < eq)) {
      i = semi < 0 ? len : semi + 1; // a parameter without "=": ignored
      continue;
    }
    const name = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < len && (s[i] === ' ' || s[i] === '\t')) i++;
    let value = '';
    if (s[i] === '"') {
      i++;
      while (i < len && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < len) i++;
        value += s[i];
        i++;
      }
      i++; // closing quote (or end)
      const next = s.indexOf(';', i);
      i = next < 0 ? len : next + 1;
    } else {
      const next = s.indexOf(';', i);
      const end = next < 0 ? len : next;
      value = s.slice(i, end).trim(); // tolerant: unquoted values with spaces ...
      const missingSemi = /\s+[^\s=;"]+\s*=/.exec(value); // ... unless "a=b c=d" lacks its ";"
      if (missingSemi) {
        value = value.slice(0, missingSemi.index);
        i = s.indexOf(value, i) + value.length;
      } else i = end + 1;
    }
    if (name) out.push({ name, value });
  }
  return out;
}

function percentBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x25 && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch > 0xff) out.push(...Buffer.from(s[i] as string, 'utf8'));
    else out.push(ch);
  }
  return Buffer.from(out);
}

interface Joined {
  plain: string | null;
  segments: { index: number; value: string; encoded: boolean }[];
}

/** RFC 2231 §3-4: name*0, name*1*, name*=charset'lang'value. */
function joinParams(raw: RawParam[]): [string, string][] {
  const order: string[] = [];
  const byName = new Map<string, Joined>();
  for (const p of raw) {
    const m = /^(.*?)(?:\*(\d+))?(\*)?$/.exec(p.name);
    const base = m?.[1] || p.name;
    const index = m?.[2] !== undefined ? Number(m[2]) : -1;
    const encoded = m?.[3] === '*';
    let j = byName.get(base);
    if (!j) {
      j = { plain: null, segments: [] };
      byName.set(base, j);
      order.push(base);
    }
    if (index < 0 && !encoded) {
      if (j.plain === null) j.plain = p.value;
    } else if (!j.segments.some((s) => s.index === index)) {
      j.segments.push({ index: Math.max(index, 0), value: p.value, encoded });
    }
  }
  return order.map((name) => {
    const j = byName.get(name) as Joined;
    if (j.segments.length === 0) return [name, j.plain ?? ''];
    j.segments.sort((a, b) => a.index - b.index);
    let charset = '';
    const bytes: Buffer[] = [];
    j.segments.forEach((seg, k) => {
      let v = seg.value;
      if (seg.encoded && k === 0) {
        const q1 = v.indexOf("'");
        const q2 = q1 >= 0 ? v.indexOf("'", q1 + 1) : -1;
        if (q2 >= 0) {
          charset = v.slice(0, q1);
          v = v.slice(q2 + 1);
        }
      }
      bytes.push(seg.encoded ? percentBytes(v) : Buffer.from(v, 'utf8'));
    });
    return [name, decodeCharset(Buffer.concat(bytes), charset || 'utf-8')];
  });
}

/** Parses "main/value; a=b; c*=utf-8''%E2%82%AC". */
export function parseStructuredValue(header: string): ParsedValue {
  const s = stripComments(header);
  const semi = s.indexOf(';');
  const main = (semi < 0 ? s : s.slice(0, semi)).replace(/\s+/g, '').toLowerCase();
  return { value: main, params: semi < 0 ? [] : joinParams(readParams(s, semi + 1)) };
}

/** The value of parameter `name`, or null. */
export function paramValue(params: [string, string][], name: string): string | null {
  for (const [k, v] of params) if (k === name) return v;
  return null;
}

// The Sieve engine's view of a stored message: header fields parsed from the blob's
// header block (decoded, unfolded), body text from the indexed BlobMeta, the raw body
// from the blob bytes (capped).
import { decodeWords } from '../mime/index.js';
import type { BodyTransform, SieveMessage } from '../sieve/index.js';
import type { BlobMeta } from '../store/types.js';

/** How much of the raw body a :raw body test sees. */
export const MAX_RAW_BODY = 1024 * 1024;

export function headerEnd(raw: Buffer): number {
  const i = raw.indexOf('\r\n\r\n');
  return i < 0 ? raw.length : i + 4;
}

export function parseHeaderFields(block: string): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  for (const line of block.split('\r\n')) {
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && fields.length) fields[fields.length - 1]!.value += line;
    else {
      const c = line.indexOf(':');
      if (c > 0) fields.push({ name: line.slice(0, c).trim(), value: line.slice(c + 1) });
    }
  }
  return fields;
}

export function sieveMessageView(meta: BlobMeta, raw: Buffer): SieveMessage {
  const end = headerEnd(raw);
  const fields = parseHeaderFields(raw.subarray(0, end).toString('utf8'));
  const decoded = new Map<string, string[]>();
  const header = (name: string) => {
    const key = name.toLowerCase();
    let v = decoded.get(key);
    if (!v) {
      v = fields.filter((f) => f.name.toLowerCase() === key).map((f) => decodeWords(f.value.trim()));
      decoded.set(key, v);
    }
    return v;
  };
  return {
    size: meta.size,
    header,
    headerNames: () => fields.map((f) => f.name),
    body(t: BodyTransform) {
      if (t.kind === 'raw') return [raw.subarray(end, end + MAX_RAW_BODY).toString('utf8')];
      // RFC 5173 :text / :content "text": the decoded text the indexer kept. Other
      // content types (attachments) are not offered to body tests.
      if (t.kind === 'text' || t.types.some((ty) => ty === '' || ty.toLowerCase().startsWith('text')))
        return [meta.bodyText];
      return [];
    },
  };
}

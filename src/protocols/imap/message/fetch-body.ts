// Body data of FETCH (RFC 9051 §6.4.5 BODY[section]<partial>, RFC 3516 BINARY[]/
// BINARY.SIZE[]): byte ranges from the stored part tree (never re-parsing the message),
// read from the blob only for the bytes asked for. The literal's length is always the
// number of bytes sent (CLIENT-QUIRKS §1: chunked partial fetches).

import type { MessageService } from '../../../core/messages.js';
import { findPart } from '../../../mime/find-part.js';
import { selectHeaderFields } from '../../../mime/header.js';
import { type SectionKind, sectionRange } from '../../../mime/section.js';
import { decodeTransfer, decodeTransferBuffer, normalizeEncoding } from '../../../mime/transfer.js';
import type { MimePart } from '../../../mime/types.js';
import type { MessageRecord } from '../../../store/types.js';
import type { Partial, Section } from '../wire/fetch-items.js';
import type { FetchValue } from '../wire/fetch-response.js';

type Reader = Pick<MessageService, 'readBody' | 'readBodyBuffer'>;
type Rec = Pick<MessageRecord, 'blobId' | 'size'>;

const IDENTITY = new Set(['7BIT', '8BIT', 'BINARY']);
const EMPTY: FetchValue = { t: 'body', data: Buffer.alloc(0) };

/** [start, end) of `partial` within [s, e). RFC 9051: an origin past the end gives "". */
export function clampPartial(s: number, e: number, partial: Partial | null): [number, number] {
  if (!partial) return [s, e];
  const start = Math.min(s + partial.origin, e);
  return [start, Math.min(start + partial.length, e)];
}

/** Ranges up to this size are read into memory and go out inside the response (the
 *  socket writer gathers many of them into one write); longer ones are streamed while
 *  they are written. The store reads ranges this small with synchronous calls, so a
 *  FETCH of 2,000 ordinary messages costs no promise, stream or write per message. */
const INLINE_MAX = 256 * 1024;

async function rangeValue(
  reader: Reader,
  rec: Rec,
  start: number,
  end: number,
  binary = false,
): Promise<FetchValue> {
  const length = end - start;
  if (length <= 0) return EMPTY;
  if (length <= INLINE_MAX) {
    // RFC 3516 §4.3: literal8 only when the data holds a NUL.
    const data = await reader.readBodyBuffer(rec, start, end);
    return binary ? { t: 'body', data, binary } : { t: 'body', data };
  }
  const source = () => reader.readBody(rec, start, end) as AsyncIterable<Uint8Array>;
  return binary ? { t: 'body-stream', length, source, binary } : { t: 'body-stream', length, source };
}

/** The section-range kind of a FETCH section (HEADER.FIELDS reads the header range). */
export function sectionKind(section: Section): SectionKind {
  switch (section.text?.kind) {
    case undefined:
      return 'body';
    case 'HEADER':
    case 'HEADER.FIELDS':
      return 'header';
    case 'TEXT':
      return 'text';
    case 'MIME':
      return 'mime';
  }
}

/** BODY[section]<partial>. `root` may be null only for BODY[] (whole message). */
export async function bodySection(
  reader: Reader,
  rec: Rec,
  root: MimePart | null,
  section: Section,
  partial: Partial | null,
): Promise<FetchValue> {
  if (section.part.length === 0 && !section.text) {
    const [s, e] = clampPartial(0, rec.size, partial);
    return rangeValue(reader, rec, s, e);
  }
  if (!root) throw new Error('bodySection: structure needed');
  const range = sectionRange(root, section.part, sectionKind(section));
  // A section that does not exist is an empty string (what Dovecot and Cyrus send).
  if (!range) return EMPTY;
  if (section.text?.kind === 'HEADER.FIELDS') {
    const header = await reader.readBodyBuffer(rec, range[0], range[1]);
    const data = selectHeaderFields(header, section.text.fields, section.text.not);
    const [s, e] = clampPartial(0, data.length, partial);
    return { t: 'body', data: data.subarray(s, e) };
  }
  const [s, e] = clampPartial(range[0], range[1], partial);
  return rangeValue(reader, rec, s, e);
}

function leaf(root: MimePart, path: readonly number[]): MimePart | null {
  return path.length === 0 ? root : findPart(root, path);
}

/** BINARY[part]<partial>: the part's content with its transfer encoding removed
 *  (unknown encodings pass through unchanged). null: no such part (answer NO). */
export async function binarySection(
  reader: Reader,
  rec: Rec,
  root: MimePart,
  path: readonly number[],
  partial: Partial | null,
): Promise<FetchValue | null> {
  if (path.length === 0) {
    const [s, e] = clampPartial(0, rec.size, partial);
    return rangeValue(reader, rec, s, e, true);
  }
  const part = leaf(root, path);
  if (!part) return null;
  const enc = normalizeEncoding(part.encoding);
  if (IDENTITY.has(enc) || part.type === 'multipart' || part.message) {
    const [s, e] = clampPartial(part.bodyStart, part.bodyEnd, partial);
    return rangeValue(reader, rec, s, e, true);
  }
  // The decoded length must be known before the literal: decode the part in memory
  // (bounded by the message size limit).
  const raw = await reader.readBodyBuffer(rec, part.bodyStart, part.bodyEnd);
  const data = decodeTransferBuffer(raw, enc);
  const [s, e] = clampPartial(0, data.length, partial);
  return { t: 'body', data: data.subarray(s, e), binary: true };
}

/** BINARY.SIZE[part]: decoded size, counted while streaming (nothing kept). */
export async function binarySize(
  reader: Reader,
  rec: Rec,
  root: MimePart,
  path: readonly number[],
): Promise<number | null> {
  if (path.length === 0) return rec.size;
  const part = leaf(root, path);
  if (!part) return null;
  const enc = normalizeEncoding(part.encoding);
  if (IDENTITY.has(enc) || part.type === 'multipart' || part.message) return part.bodyEnd - part.bodyStart;
  if (part.bodyEnd <= part.bodyStart) return 0;
  const d = decodeTransfer(enc);
  let n = 0;
  for await (const chunk of reader.readBody(rec, part.bodyStart, part.bodyEnd) as AsyncIterable<Uint8Array>)
    n += d.write(chunk).length;
  return n + d.end().length;
}

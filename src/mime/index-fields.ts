// The fields the mail core stores for search, sorting, threading and listing.
import { addressSearchText, displaySortValue, sortMailbox } from './address-index.js';
import { parseMailDateZoned } from './date.js';
import { decodeWords } from './encoded-word.js';
import { type HeaderField, headerValue } from './header.js';
import type { Envelope, MessageIndexFields } from './types.js';

export interface IndexedText {
  text: string;
  /** From a text/plain part (preferred for the preview). */
  plain: boolean;
}

/** RFC 8970 §3: at most 200 characters. */
const PREVIEW_CHARS = 200;

/** Message-IDs in a header value, without angle brackets (RFC 5322 §3.6.4). */
export function parseMessageIds(value: string | null): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>]*)>/g)]
    .map((m) => (m[1] as string).replace(/\s+/g, ''))
    .filter(Boolean);
  if (ids.length) return ids;
  // no brackets at all: whitespace-separated tokens that look like ids
  return value
    .split(/[\s,]+/)
    .map((t) => t.replace(/^[<"]+|[>"]+$/g, ''))
    .filter((t) => t.includes('@'));
}

/** Whitespace collapsed, cut to `max` characters (code points, never half a surrogate pair). */
export function makePreview(text: string, max = PREVIEW_CHARS): string {
  // Only the start matters (whitespace runs inside it shrink, so 64x the limit is plenty).
  const start = Math.max(0, text.search(/\S/));
  const flat = text
    .slice(start, start + max * 64)
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat.slice(0, max * 2));
  return chars.length > max ? chars.slice(0, max).join('').trimEnd() : chars.join('');
}

export function buildIndexFields(
  fields: HeaderField[],
  envelope: Envelope,
  texts: IndexedText[],
  hasAttachment: boolean,
): MessageIndexFields {
  const sent = parseMailDateZoned(envelope.date);
  const previewSource = texts.find((t) => t.plain && t.text.trim()) ?? texts.find((t) => t.text.trim());
  return {
    subject: decodeWords(envelope.subject ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
    from: sortMailbox(envelope.from),
    to: sortMailbox(envelope.to),
    cc: sortMailbox(envelope.cc),
    fromDisplay: displaySortValue(envelope.from),
    toDisplay: displaySortValue(envelope.to),
    fromText: addressSearchText(envelope.from),
    toText: addressSearchText(envelope.to),
    ccText: addressSearchText(envelope.cc),
    bccText: addressSearchText(envelope.bcc),
    sentDate: sent?.date ?? null,
    sentOffset: sent?.offset ?? null,
    messageId: parseMessageIds(envelope.messageId)[0] ?? null,
    inReplyTo: parseMessageIds(envelope.inReplyTo)[0] ?? null,
    references: parseMessageIds(headerValue(fields, 'references')),
    headerText: fields.map((f) => `${f.name}: ${decodeWords(f.value)}`).join('\n'),
    bodyText: texts.map((t) => t.text).join('\n'),
    preview: previewSource ? makePreview(previewSource.text) : '',
    hasAttachment,
  };
}

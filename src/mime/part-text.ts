// Display helpers for one stored part: its file name and its decoded text.
import { decodeCharset } from './charset.js';
import { decodeWords } from './encoded-word.js';
import { htmlToText } from './html.js';
import { paramValue } from './params.js';
import { decodeTransferBuffer } from './transfer.js';
import type { MimePart } from './types.js';

/**
 * The part's file name: Content-Disposition filename, else Content-Type name (RFC 2183
 * §2.3), with RFC 2231 already applied and RFC 2047 words (common, though not allowed
 * in parameters) decoded. Path components are removed. Null when there is none.
 */
export function partFilename(part: MimePart): string | null {
  const raw =
    (part.disposition && paramValue(part.disposition.params, 'filename')) ?? paramValue(part.params, 'name');
  if (!raw) return null;
  const name = decodeWords(raw)
    .replace(/^.*[/\\]/, '')
    .trim();
  return name || null;
}

/**
 * The text of a part from its body bytes (bodyStart..bodyEnd of the stored message):
 * transfer encoding and charset decoded; with `asPlain`, HTML turned into plain text.
 */
export function decodePartText(part: MimePart, body: Uint8Array, asPlain = false): string {
  const bytes = decodeTransferBuffer(body, part.encoding);
  const text = decodeCharset(bytes, paramValue(part.params, 'charset'));
  return asPlain && part.type === 'text' && part.subtype === 'html' ? htmlToText(text) : text;
}

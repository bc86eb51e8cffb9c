// Byte ranges of IMAP body sections (RFC 9051 §6.4.5 FETCH BODY[section]) in the stored
// message, from the part tree: FETCH slices the message file and never re-parses it.
import { findPart } from './find-part.js';
import type { MimePart } from './types.js';

/** What follows the part number: none (the part's body), HEADER, TEXT or MIME. */
export type SectionKind = 'body' | 'header' | 'text' | 'mime';

/**
 * [start, end) of BODY[path(.kind)], or null when the section does not exist.
 * - []: BODY[] (kind 'body'), BODY[HEADER] and BODY[TEXT] of the whole message;
 * - [n...] 'body': the part's body; 'mime': its MIME header (with the blank line);
 * - [n...] 'header' / 'text': only for message/rfc822 parts: the attached message's
 *   header and text. HEADER.FIELDS takes the 'header' range through selectHeaderFields().
 */
export function sectionRange(
  root: MimePart,
  path: readonly number[],
  kind: SectionKind,
): [number, number] | null {
  if (path.length === 0) {
    if (kind === 'body') return [root.headerStart, root.bodyEnd];
    if (kind === 'header') return [root.headerStart, root.bodyStart];
    if (kind === 'text') return [root.bodyStart, root.bodyEnd];
    return null; // there is no MIME of the whole message
  }
  const part = findPart(root, path);
  if (!part) return null;
  switch (kind) {
    case 'body':
      return [part.bodyStart, part.bodyEnd];
    case 'mime':
      return [part.headerStart, part.bodyStart];
    case 'header':
      return part.message ? [part.message.part.headerStart, part.message.part.bodyStart] : null;
    case 'text':
      return part.message ? [part.message.part.bodyStart, part.message.part.bodyEnd] : null;
  }
}

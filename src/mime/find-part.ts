// IMAP section numbers (RFC 9051 §6.4.5): multipart children are 1..n; a message/rfc822
// part's sub-parts are those of its encapsulated message; a non-multipart message (top
// level or encapsulated) has a single part 1, its body.
import type { MimePart } from './types.js';

function partsOfMessage(root: MimePart): MimePart[] {
  return root.type === 'multipart' ? (root.children ?? []) : [root];
}

function subParts(part: MimePart): MimePart[] {
  if (part.type === 'multipart') return part.children ?? [];
  if (part.message) return partsOfMessage(part.message.part);
  return [];
}

/** The part at `path` (e.g. [2, 1] for "2.1"), [] for the whole message; null if absent. */
export function findPart(root: MimePart, path: readonly number[]): MimePart | null {
  let node = root;
  let list = partsOfMessage(root);
  for (const n of path) {
    const next = list[n - 1];
    if (!next || n < 1) return null;
    list = subParts(next);
    node = next;
  }
  return node;
}

// What the core stores in BlobMeta.structure: the MIME tree with byte offsets and the
// ENVELOPE, as JSON, so that FETCH never re-parses a message.
import type { Envelope, MessageAnalysis, MimePart } from '../mime/types.js';
import type { BlobId, BlobMeta } from '../store/types.js';
import { MailError } from './errors.js';

export interface StoredStructure {
  structure: MimePart;
  envelope: Envelope;
}

export function metaFromAnalysis(id: BlobId, a: MessageAnalysis): BlobMeta {
  const stored: StoredStructure = { structure: a.structure, envelope: a.envelope };
  const f = a.index;
  return {
    id,
    size: a.size,
    structure: JSON.stringify(stored),
    subject: f.subject,
    from: f.from,
    to: f.to,
    cc: f.cc,
    fromDisplay: f.fromDisplay,
    toDisplay: f.toDisplay,
    fromText: f.fromText,
    toText: f.toText,
    ccText: f.ccText,
    bccText: f.bccText,
    sentDate: f.sentDate,
    sentOffset: f.sentOffset,
    messageId: f.messageId,
    inReplyTo: f.inReplyTo,
    references: f.references,
    headerText: f.headerText,
    bodyText: f.bodyText,
    preview: f.preview,
    hasAttachment: f.hasAttachment,
  };
}

/** The MIME tree and envelope of a stored message (from BlobMeta.structure). */
export function parseStructure(json: string): StoredStructure {
  try {
    const v = JSON.parse(json) as Partial<StoredStructure>;
    if (v && typeof v === 'object' && v.structure && v.envelope) return v as StoredStructure;
  } catch {
    // fall through
  }
  throw new MailError('Unavailable', 'stored message structure is unreadable');
}

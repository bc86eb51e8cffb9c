// The MIME core's public surface (pure: bytes in, data out).
export {
  addressSpec,
  firstMailbox,
  formatAddressesForDisplay,
  isGroupMarker,
  parseAddressList,
} from './address.js';
export { analyzeMessage, createAnalyzer, DEFAULT_LIMITS } from './analyzer.js';
export { formatBodyStructure } from './bodystructure.js';
export { bytesToString } from './bytes.js';
export { decodeCharset, isKnownCharset, normalizeCharset } from './charset.js';
export { parseMailDate } from './date.js';
export { decodeWords } from './encoded-word.js';
export { buildEnvelope, formatEnvelope } from './envelope.js';
export { findPart } from './find-part.js';
export {
  type HeaderField,
  headerValue,
  headerValues,
  parseHeaderBlock,
  selectHeaderFields,
} from './header.js';
export { encodeWordUtf8, type ImapStringOptions, imapNString, imapString } from './imap-string.js';
export { makePreview, parseMessageIds } from './index-fields.js';
export { type ParsedValue, paramValue, parseStructuredValue } from './params.js';
export { emptyPart } from './part-headers.js';
export { type SectionKind, sectionRange } from './section.js';
export { baseSubject } from './subject.js';
export {
  decodeTransfer,
  decodeTransferBuffer,
  isKnownEncoding,
  normalizeEncoding,
  type TransferDecoder,
} from './transfer.js';
export type * from './types.js';

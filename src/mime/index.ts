// The MIME core's public surface (pure: bytes in, data out).
//
// At ingest the mail core feeds the message to createAnalyzer() in chunks and stores the
// result (part tree with byte offsets, envelope, index fields) as JSON; FETCH then formats
// BODYSTRUCTURE / ENVELOPE with formatBodyStructure() / formatEnvelope() and slices
// sections with sectionRange() (+ selectHeaderFields() for HEADER.FIELDS), never
// re-parsing the message. decodeTransfer() streams BINARY[] (RFC 3516).
//
// Checked against Dovecot 2.3 on the shared corpus (same BODYSTRUCTURE and ENVELOPE for
// most messages); where we differ it is on purpose: RFC 2231 parameters are shown
// decoded, the first *valid* Content-Type wins, message/global is parsed as a message,
// and a part's body never includes the line break before the next boundary, even after
// an inner close delimiter or an unterminated header (RFC 2046 §5.1.1).
export {
  addressSpec,
  firstMailbox,
  formatAddressesForDisplay,
  isGroupMarker,
  parseAddressList,
} from './address.js';
export { addressSearchText, displaySortValue, sortMailbox } from './address-index.js';
export { analyzeMessage, createAnalyzer, DEFAULT_LIMITS } from './analyzer.js';
export { binaryEntity, rewriteTransferEncoding } from './binary-convert.js';
export {
  Base64Lines,
  type BinaryLeaf,
  binaryLeaves,
  encodeBinaryParts,
  NulOutsideBinaryError,
  setTransferEncoding,
} from './binary-encode.js';
export { formatBodyStructure } from './bodystructure.js';
export { bytesToString } from './bytes.js';
export { decodeCharset, isKnownCharset, normalizeCharset } from './charset.js';
export { parseMailDate, parseMailDateZoned, type ZonedDate } from './date.js';
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
export { decodePartText, partFilename } from './part-text.js';
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

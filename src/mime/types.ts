// Public shapes of the MIME core. The MIME helper module fills in the parser; the
// mail core calls createAnalyzer() at ingest and stores `structure` as JSON so that
// FETCH never re-parses a message.

/** One address of an IMAP ENVELOPE (RFC 9051 §7.5.2); group syntax per RFC 9051. */
export interface EnvelopeAddress {
  name: string | null; // raw header text (encoded words kept), as IMAP returns it
  adl: string | null; // obsolete source route ("@a,@b"), usually null
  mailbox: string | null;
  host: string | null;
}

/** IMAP ENVELOPE fields, raw header values as IMAP returns them. */
export interface Envelope {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  sender: EnvelopeAddress[] | null;
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

/** A MIME part with exact byte offsets into the stored (CRLF-normalised) message. */
export interface MimePart {
  /** Offset of the first header byte of this part. */
  headerStart: number;
  /** Offset of the first body byte (just after the blank line ending the header). */
  bodyStart: number;
  /** Offset just past the last body byte (excludes the CRLF before a boundary). */
  bodyEnd: number;
  type: string; // lower case, e.g. 'text'
  subtype: string; // lower case, e.g. 'plain'
  params: [string, string][]; // Content-Type parameters, RFC 2231 continuations joined
  id: string | null;
  description: string | null;
  encoding: string; // Content-Transfer-Encoding, upper case as IMAP shows it, default '7BIT'
  md5: string | null;
  // disposition value and parameter names are lower case; parameter values as written
  // (RFC 2231 continuations joined and decoded, like `params`).
  disposition: { value: string; params: [string, string][] } | null;
  language: string[] | null;
  location: string | null;
  /** Line feeds in the body (bodyStart..bodyEnd), as Dovecot counts body-fld-lines; shown for text/* and message/rfc822. */
  lines: number;
  children?: MimePart[]; // multipart/*
  /** message/rfc822 (and message/global): the encapsulated message. */
  message?: { envelope: Envelope; part: MimePart };
}

export interface MessageIndexFields {
  subject: string; // decoded
  /** RFC 5256 §3 SORT FROM/TO/CC: addr-mailbox of the first address (a group's name). */
  from: string;
  to: string;
  cc: string;
  /** RFC 5957 §3 display value of the first From/To address. */
  fromDisplay: string;
  toDisplay: string;
  /** The address lists written out, names decoded, for FROM/TO/CC/BCC search. */
  fromText: string;
  toText: string;
  ccText: string;
  bccText: string;
  sentDate: Date | null;
  /** Zone of the Date: header in minutes east of UTC (SENTON compares the written day). */
  sentOffset: number | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  headerText: string; // decoded, unfolded header block
  bodyText: string; // decoded text for search (bounded by limits)
  preview: string; // RFC 8970, at most 200 characters
  hasAttachment: boolean;
}

export interface MessageAnalysis {
  size: number;
  structure: MimePart;
  envelope: Envelope;
  index: MessageIndexFields;
}

export interface AnalyzerLimits {
  /** Most bytes of decoded text kept for search (default 1 MiB). */
  maxIndexedText: number;
  /** Deepest nesting of multiparts/messages parsed (default 64); deeper is treated as opaque. */
  maxDepth: number;
  /** Most parts recorded (default 10,000). */
  maxParts: number;
}

/** Incremental analyzer: feed CRLF-normalised chunks in order, then end(). */
export interface MessageAnalyzer {
  write(chunk: Buffer): void;
  end(): MessageAnalysis;
}

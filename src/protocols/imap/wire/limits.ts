// Limits applied while framing IMAP commands. Each limit names the attack or client
// mistake it bounds; the session may tighten them (e.g. APPENDLIMIT per account).

export interface WireLimits {
  /** Longest line (bytes, without CRLF) between literals. RFC 9051 §4 sets no limit, but
   *  RFC 7162 §4 asks servers to accept at least 8192 octets; 64 KiB leaves room for
   *  huge UID sets from clients that do not compress them, and bounds the line buffer. */
  maxLineLength: number;
  /** Largest literal accepted in any command other than APPEND/REPLACE (mailbox names,
   *  search strings, passwords). Nothing legitimate is larger; buffered in memory. */
  maxLiteralSize: number;
  /** Largest APPEND/REPLACE message literal (the advertised APPENDLIMIT). Bounds disk use
   *  and how long a client may hold a command open. */
  maxAppendSize: number;
  /** APPEND/REPLACE literals at least this big are not buffered: the framer hands them
   *  out chunk by chunk (literal-start/data/end) so a 50 MB message is never held twice. */
  appendStreamThreshold: number;
  /** Bytes of one command kept in memory (lines plus buffered literals). Bounds memory per
   *  connection against many small literals (e.g. SEARCH with 10,000 literals). */
  maxCommandBytes: number;
  /** Non-synchronising literals are sent without waiting; when refused, up to this many
   *  bytes are read and dropped to stay in sync (RFC 7888 §4). Above it the connection
   *  must be closed, or a client could make us read gigabytes for nothing. */
  maxDrainBytes: number;
  /** true when the server advertises LITERAL- rather than LITERAL+: a non-synchronising
   *  literal over 4096 bytes is then an error (RFC 7888 §5, RFC 9051 §2.2.2). */
  literalMinus: boolean;
}

/** RFC 7888 §5: the LITERAL- size cap for non-synchronising literals. */
export const LITERAL_MINUS_MAX = 4096;

export const defaultWireLimits: Readonly<WireLimits> = Object.freeze({
  maxLineLength: 64 * 1024,
  maxLiteralSize: 64 * 1024,
  maxAppendSize: 64 * 1024 * 1024,
  appendStreamThreshold: 64 * 1024,
  maxCommandBytes: 8 * 1024 * 1024,
  maxDrainBytes: 1024 * 1024,
  literalMinus: true,
});

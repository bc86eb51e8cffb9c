// Limits of the POP3 wire layer, each with the reason it exists. The session and the
// server read them from here; the app may override them per listener.

export interface Pop3WireLimits {
  /**
   * Longest command line we accept, CRLF included. RFC 2449 §4 caps a command line at
   * 255 octets, but RFC 5034 §4 lets an AUTH continuation (base64 SASL data) be longer,
   * and a long app password in AUTH PLAIN easily passes 255. 8 KiB keeps memory per
   * connection bounded while never refusing a real client.
   */
  maxLineLength: number;
  /** Overlong lines tolerated per session before we hang up (a client that keeps
   * sending them is broken or hostile; -ERR again would only feed it). */
  maxOverlongLines: number;
  /** Invalid commands (unknown, bad syntax, wrong state) tolerated per session. */
  maxInvalidCommands: number;
  /** Lines a client may pipeline (RFC 2449 PIPELINING) before we stop reading its
   * socket until we catch up: bounds memory for a client that never reads replies. */
  maxQueuedLines: number;
}

export const DEFAULT_WIRE_LIMITS: Readonly<Pop3WireLimits> = Object.freeze({
  maxLineLength: 8192,
  maxOverlongLines: 3,
  maxInvalidCommands: 20,
  maxQueuedLines: 100,
});

/** RFC 2449 §4: the 255-octet limit, kept for documentation and tests. */
export const RFC2449_MAX_COMMAND_LINE = 255;

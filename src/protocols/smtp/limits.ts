// Every SMTP limit in one place, each with its reason.
export interface SmtpLimits {
  /** Largest message, bytes; advertised as SIZE (RFC 1870). 50 MB fits common attachments. */
  maxMessageBytes: number;
  /**
   * Messages larger than this are received into a temporary spool file instead of memory
   * (20 concurrent 50 MB messages would otherwise hold 1 GB).
   */
  spoolAboveBytes: number;
  /** Largest header block; it is held in memory (Exim's header_maxsize is 1 MB too). */
  maxHeaderBytes: number;
  /** RCPT TOs per transaction; RFC 5321 §4.5.3.1.8 requires at least 100. */
  maxRecipients: number;
  /** Unknown recipients tolerated per connection before we stop answering (address harvesting). */
  maxUnknownRecipients: number;
  /** Concurrent connections per listener, so one flood cannot take all sockets. */
  maxClients: number;
  /** Idle time before we drop a client; RFC 5321 §4.5.3.2.7 suggests 5 minutes. */
  socketTimeoutMs: number;
  /** Grace period for sessions to finish on a graceful shutdown. */
  closeTimeoutMs: number;
  /** Submission: messages per user per hour (a compromised account sends little spam). */
  userMessagesPerHour: number;
  /** Submission: messages per remote address per hour. */
  addressMessagesPerHour: number;
  /** Time allowed for SPF/DKIM/DMARC/ARC DNS lookups before we store anyway. */
  authCheckTimeoutMs: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxMessageBytes: 50 * 1024 * 1024,
  spoolAboveBytes: 1024 * 1024,
  maxHeaderBytes: 1024 * 1024,
  maxRecipients: 100,
  maxUnknownRecipients: 20,
  maxClients: 500,
  socketTimeoutMs: 5 * 60_000,
  closeTimeoutMs: 10_000,
  userMessagesPerHour: 1000,
  addressMessagesPerHour: 2000,
  authCheckTimeoutMs: 20_000,
};

// Every network-level limit in one place, each with its reason. Protocol framing limits
// (line length, literal size, command counts) live with each protocol's wire code; login
// throttling lives in src/auth/throttle.ts.

export interface ConnectionLimits {
  /**
   * Open connections from one client (an IPv4 address or an IPv6 /64) on one listener.
   * High on purpose: offices behind one NAT and the Microsoft cloud syncing new Outlook
   * for many users arrive from a few addresses (CLIENT-QUIRKS §1 Outlook). It only stops
   * one host from taking every socket; brute force is handled by the login throttle.
   */
  perAddress: number;
  /**
   * Logged-in sessions of one user from one client address. Thunderbird keeps 5 cached
   * connections plus extra ones for copies and filters, K-9 up to 6 with push, Mailbird 5;
   * Dovecot's 10 is too few behind NAT (CLIENT-QUIRKS §1 Thunderbird, §2): at least 20.
   * Protocols must answer with a clear "too many connections" (IMAP NO [LIMIT] /
   * [UNAVAILABLE]), never as an authentication failure.
   */
  perUserAndAddress: number;
  /** Logged-in sessions of one user from all addresses (several devices, each with several). */
  perUser: number;
  /**
   * All open connections on one listener. Keeps the process under its file-descriptor
   * limit (commonly 1024 soft / 65536 hard) with room for the store and outbound mail.
   */
  total: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  perAddress: 100,
  perUserAndAddress: 20,
  perUser: 60,
  total: 5000,
};

/**
 * Idle timeouts, per protocol and state. A listener applies `preAuth` until the protocol
 * sets its own (socket.setTimeout) after login.
 */
export const IDLE_TIMEOUTS_MS = {
  /** Before login, a silent client is dropped quickly: it holds a socket for nothing. */
  preAuth: 60_000,
  /** RFC 9051 §5.4: an autologout timer must be at least 30 minutes (IDLE included). */
  imap: 30 * 60_000 + 60_000,
  /** RFC 1939 §3: the POP3 inactivity autologout timer must be at least 10 minutes. */
  pop3: 10 * 60_000,
  /** RFC 5321 §4.5.3.2.7: a server should wait at least 5 minutes for the next command. */
  smtp: 5 * 60_000,
  /** RFC 5804 has no figure; ManageSieve clients are interactive editors. Same as POP3. */
  sieve: 10 * 60_000,
} as const;

/** A TLS handshake (implicit or after STARTTLS) that takes longer is abandoned. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 30_000;

/** A trusted proxy must send its PROXY header this soon after connecting. */
export const PROXY_HEADER_TIMEOUT_MS = 5_000;

/** Time given to sessions to say goodbye on shutdown before sockets are destroyed. */
export const SHUTDOWN_GRACE_MS = 5_000;

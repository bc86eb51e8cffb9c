// Session limits of the IMAP server, each with its reason. Framing limits (line length,
// literal size) are the wire layer's (wire/limits.ts); connection limits are src/net's.
// The config file sets them (limits.imap, limits.connections): see imapLimitsFromConfig.

import type { Config } from '../../config/schema.js';
import { DEFAULT_CONNECTION_LIMITS, IDLE_TIMEOUTS_MS } from '../../net/limits.js';
import type { WireLimits } from './wire/limits.js';

export interface ImapLimits {
  wire: Partial<WireLimits>;
  /** Before login a silent client is dropped quickly: it holds a socket for nothing. */
  preAuthTimeoutMs: number;
  /** RFC 9051 §5.4: the autologout timer is at least 30 minutes. */
  idleTimeoutMs: number;
  /** IDLE may last longer (clients re-issue it every 29 minutes, CLIENT-QUIRKS §2; K-9
   *  every 24): a session idling longer than this is logged out. */
  idleMaxMs: number;
  /** `* OK Still here` during IDLE keeps NATs and old Outlook alive (CLIENT-QUIRKS §2). */
  keepaliveMs: number;
  /** Commands per second a session may run on average (a token bucket): faster clients
   *  are slowed down, not refused, so a runaway loop cannot starve other sessions. */
  commandsPerSecond: number;
  /** Burst size of the bucket (pipelined clients send many commands at once). */
  commandBurst: number;
  /** WildDuck's loop guard: BYE after this many SELECT/EXAMINE (Apple Mail loops). */
  maxSelects: number;
  /** BYE after this many consecutive BAD responses (garbage, not a client). */
  maxBadCommands: number;
  /** Logged-in sessions per user and per user+address (>= 20, CLIENT-QUIRKS rule 5). */
  perUserAndAddress: number;
  perUser: number;
}

/** Wire defaults of the IMAP server over the wire layer's own (limits.wire overrides
 *  them field by field). LITERAL+ (RFC 7888), as Dovecot and Cyrus: imaptest's CATENATE
 *  scripts send their TEXT parts as {n+} and need it. Safe because every literal is still
 *  bounded while it is read (APPENDLIMIT, 64 KiB elsewhere) and a refused one is drained
 *  up to maxDrainBytes, then the connection is closed (RFC 7888 §4, CLIENT-QUIRKS §6). */
export const IMAP_WIRE_DEFAULTS: Readonly<Partial<WireLimits>> = Object.freeze({ literalMinus: false });

export const DEFAULT_IMAP_LIMITS: Readonly<ImapLimits> = Object.freeze({
  wire: {},
  preAuthTimeoutMs: IDLE_TIMEOUTS_MS.preAuth,
  idleTimeoutMs: IDLE_TIMEOUTS_MS.imap,
  idleMaxMs: 2 * 60 * 60_000,
  keepaliveMs: 2 * 60_000,
  commandsPerSecond: 200,
  commandBurst: 1000,
  maxSelects: 1000,
  maxBadCommands: 20,
  perUserAndAddress: DEFAULT_CONNECTION_LIMITS.perUserAndAddress,
  perUser: DEFAULT_CONNECTION_LIMITS.perUser,
});

/** The limits set by the config file (limits.imap, and the per-user session limits of
 *  limits.connections); what the file does not cover keeps its default. */
export function imapLimitsFromConfig(limits: Config['limits']): Partial<ImapLimits> {
  const c = limits.imap;
  return {
    wire: { maxLineLength: c.maxLineBytes, maxLiteralSize: c.maxLiteralBytes },
    preAuthTimeoutMs: c.preAuthTimeoutMs,
    idleTimeoutMs: c.idleTimeoutMs,
    idleMaxMs: c.idleMaxMs,
    commandsPerSecond: c.commandsPerSecond,
    commandBurst: c.commandBurst,
    maxSelects: c.maxSelects,
    maxBadCommands: c.maxBadCommands,
    perUserAndAddress: limits.connections.perUserAndAddress,
    perUser: limits.connections.perUser,
  };
}

// When to try a queued message again, and when to give up (default: 5 days, as the
// RFC 5321 §4.5.4.1 "give-up time" of 4-5 days suggests).

export interface RetryPolicy {
  /** Delay after the first failed attempt, seconds. */
  firstDelay: number;
  /** Each further delay is the previous one times this factor... */
  factor: number;
  /** ...capped at this many seconds. */
  maxDelay: number;
  /** A message older than this (seconds since it was queued) expires and bounces. */
  maxAge: number;
  /**
   * A recipient still pending this many seconds after queueing gets one "delayed" DSN
   * (RFC 3464 §2.3.3), unless its NOTIFY excludes DELAY; 0 or absent: never.
   */
  delayWarning?: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  firstDelay: 5 * 60,
  factor: 2,
  maxDelay: 4 * 3600,
  maxAge: 5 * 24 * 3600,
  delayWarning: 4 * 3600,
};

/** Delay (seconds) before attempt number `attempts + 1`, given `attempts` failures so far (>= 1). */
export function retryDelay(attempts: number, policy: RetryPolicy): number {
  const n = Math.max(1, attempts);
  const d = policy.firstDelay * policy.factor ** (n - 1);
  return Math.min(policy.maxDelay, Number.isFinite(d) ? d : policy.maxDelay);
}

/**
 * The next attempt time after `attempts` failures, or null when the message has expired.
 * The last attempt is placed exactly at the expiry time so that the give-up time is honoured
 * even when the backoff step would overshoot it.
 */
export function nextAttempt(attempts: number, queuedAt: Date, now: Date, policy: RetryPolicy): Date | null {
  const expires = queuedAt.getTime() + policy.maxAge * 1000;
  if (now.getTime() >= expires) return null;
  const next = now.getTime() + retryDelay(attempts, policy) * 1000;
  return new Date(Math.min(next, expires));
}

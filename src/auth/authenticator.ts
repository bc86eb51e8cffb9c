// The one place every protocol checks a login: IMAP LOGIN/AUTHENTICATE, POP3 USER/PASS and
// AUTH, SMTP AUTH, HTTP (JMAP, webmail) and ManageSieve all call `authenticate`.
//
// Order of checks, and why:
// 1. TLS: a plaintext password over a non-loopback connection without TLS is refused
//    ('tls-required') before anything else, so the password is not even looked at.
// 2. Throttle (throttle.ts): a refused attempt costs no scrypt; a delayed one waits first.
// 3. User lookup, then the main password, then app passwords (only for passwords shaped
//    like generated ones, so a wrong ordinary password costs one scrypt, not one per app
//    password). An unknown user costs the same scrypt as a wrong password, against a
//    dummy hash, so timing does not reveal which accounts exist.
// 4. Only after the password matched: 'disabled' and 'protocol-disabled' (telling someone
//    without the password that an account is disabled would leak it).
//
// Verified credentials are remembered briefly (credential-cache.ts) so repeated logins are
// cheap; the cache key includes the stored hash, so a password change takes effect at once.

import { isLoopback } from '../net/address.js';
import { type AuthProtocol, appPasswordAllows, isAuthProtocol } from './app-passwords.js';
import { BoundedMap } from './bounded-map.js';
import { CredentialCache, type CredentialCacheOptions } from './credential-cache.js';
import { hashPassword, MAX_PASSWORD_BYTES, makeDummyHash, needsRehash, verifyPassword } from './password.js';
import { canonicalGeneratedPassword } from './password-policy.js';
import { type AttemptOutcome, LoginThrottle, type ThrottlePolicy } from './throttle.js';

/** A user as the authenticator needs it (the store's User satisfies this). */
export interface CredentialUser {
  id: number;
  address: string;
  passwordHash: string;
  /**
   * Opaque per-user settings. Read here: `disabled: true` refuses every login;
   * `protocols: string[]` limits the protocols the account may use (absent: all);
   * `imapEnabled: false` / `popEnabled: false` (src/core/settings.ts) refuse IMAP / POP3.
   */
  settings: Record<string, unknown>;
}

export interface CredentialAppPassword {
  id: number;
  name: string;
  passwordHash: string;
  /** null: every protocol; otherwise the protocols it may be used for. */
  protocols: readonly string[] | null;
}

/** The port the core's account service implements; the authenticator imports no store. */
export interface CredentialSource {
  /** Looks a user up by full address, already lower-cased. */
  getUser(address: string): Promise<CredentialUser | null>;
  listAppPasswords(userId: number): Promise<CredentialAppPassword[]>;
  /** Records that an app password was just used (last-used date shown to the user). */
  touchAppPassword(id: number): Promise<void>;
  /**
   * Optional: replace the stored hash with a stronger one after a successful login, but
   * only if it still equals `oldHash` (so a concurrent password change is never undone).
   */
  replacePasswordHash?(userId: number, oldHash: string, newHash: string): Promise<boolean>;
}

export interface AuthRequest {
  /** Login name: a full address, compared case-insensitively. */
  username: string;
  password: string;
  protocol: AuthProtocol;
  remoteAddress: string | undefined;
  /** True when the connection is TLS (implicit, or after STARTTLS/STLS). */
  secure: boolean;
}

export type AuthFailureReason =
  | 'bad-credentials'
  | 'throttled'
  | 'disabled'
  | 'protocol-disabled'
  | 'tls-required';

export type AuthResult =
  | {
      ok: true;
      userId: number;
      address: string;
      via: 'password' | 'app-password';
      appPasswordName?: string;
    }
  | { ok: false; reason: AuthFailureReason; retryAfterMs?: number };

export interface AuthenticatorOptions {
  source: CredentialSource;
  /**
   * When a password may travel without TLS: 'loopback' (default: only from 127.0.0.0/8
   * and ::1, e.g. a local webmail or tests), 'never', or 'always' (never in production).
   */
  allowPlaintext?: 'loopback' | 'never' | 'always';
  throttle?: Partial<ThrottlePolicy>;
  cache?: Omit<CredentialCacheOptions, 'now'>;
  /** Injected clock and sleep, so tests need no real time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once per attempt with the outcome (never the password), e.g. for logging. */
  onResult?: (
    request: Omit<AuthRequest, 'password'>,
    result: AuthResult,
    details: { cached: boolean; waitedMs: number },
  ) => void;
}

/**
 * RFC 5321 §4.5.3.1.3 caps a path at 256 octets; longer login names cannot be addresses.
 * They are refused without being kept as throttle keys, which would let a flood of huge
 * names fill memory.
 */
const MAX_USERNAME_BYTES = 320;

/** Per-account protocol switches, read from the raw settings (absent means allowed). */
function accountAllows(settings: Record<string, unknown>, protocol: AuthProtocol): boolean {
  if (Array.isArray(settings.protocols) && !settings.protocols.includes(protocol)) return false;
  if (protocol === 'imap' && settings.imapEnabled === false) return false;
  if (protocol === 'pop3' && settings.popEnabled === false) return false;
  return true;
}

/** The last-used date of an app password is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface CheckOutcome {
  result: AuthResult;
  throttle: AttemptOutcome;
  cached: boolean;
}

export class Authenticator {
  private readonly source: CredentialSource;
  private readonly allowPlaintext: 'loopback' | 'never' | 'always';
  private readonly throttle: LoginThrottle;
  private readonly cache: CredentialCache;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onResult: AuthenticatorOptions['onResult'];
  private readonly dummyHash = makeDummyHash();
  private readonly now: () => number;
  private readonly touched = new BoundedMap<number, number>(10_000);

  constructor(options: AuthenticatorOptions) {
    this.source = options.source;
    this.allowPlaintext = options.allowPlaintext ?? 'loopback';
    const now = options.now ?? Date.now;
    this.now = now;
    this.throttle = new LoginThrottle({ policy: options.throttle, now });
    this.cache = new CredentialCache({ ...options.cache, now });
    this.sleep = options.sleep ?? defaultSleep;
    this.onResult = options.onResult;
  }

  /** True when a password may be sent on this connection (used to hide AUTH/LOGIN before TLS). */
  plaintextAllowed(secure: boolean, remoteAddress: string | undefined): boolean {
    if (secure || this.allowPlaintext === 'always') return true;
    return this.allowPlaintext === 'loopback' && isLoopback(remoteAddress);
  }

  async authenticate(request: AuthRequest): Promise<AuthResult> {
    if (!isAuthProtocol(request.protocol)) throw new Error(`unknown protocol ${String(request.protocol)}`);
    const { password: _secret, ...publicRequest } = request;
    const report = (result: AuthResult, cached = false, waitedMs = 0): AuthResult => {
      this.onResult?.(publicRequest, result, { cached, waitedMs });
      return result;
    };
    if (!this.plaintextAllowed(request.secure, request.remoteAddress))
      return report({ ok: false, reason: 'tls-required' });

    const trimmed = request.username.trim().toLowerCase();
    const username = Buffer.byteLength(trimmed) <= MAX_USERNAME_BYTES ? trimmed : '';
    const admitted = this.throttle.admit(username, request.remoteAddress);
    if (admitted.type === 'refuse')
      return report({ ok: false, reason: 'throttled', retryAfterMs: admitted.retryAfterMs });

    let outcome: AttemptOutcome = 'neutral';
    try {
      if (admitted.waitMs > 0) await this.sleep(admitted.waitMs);
      const checked = await this.check(username, request.password, request.protocol);
      outcome = checked.throttle;
      return report(checked.result, checked.cached, admitted.waitMs);
    } finally {
      this.throttle.record(admitted.ticket, outcome);
    }
  }

  private async matches(username: string, password: string, hash: string): Promise<'cached' | boolean> {
    if (this.cache.has(username, password, hash)) return 'cached';
    const ok = await verifyPassword(password, hash);
    if (ok) this.cache.add(username, password, hash);
    return ok;
  }

  private async check(username: string, password: string, protocol: AuthProtocol): Promise<CheckOutcome> {
    const fail: CheckOutcome = {
      result: { ok: false, reason: 'bad-credentials' },
      throttle: 'failure',
      cached: false,
    };
    const usable = username !== '' && password !== '' && Buffer.byteLength(password) <= MAX_PASSWORD_BYTES;
    const user = usable ? await this.source.getUser(username) : null;
    if (!user) {
      // Same cost as a wrong password, so "no such user" cannot be told apart by timing.
      await verifyPassword(password || 'x', this.dummyHash);
      return fail;
    }

    let via: 'password' | 'app-password' | null = null;
    let app: CredentialAppPassword | null = null;
    let cached = false;
    const main = await this.matches(username, password, user.passwordHash);
    if (main) {
      via = 'password';
      cached = main === 'cached';
    } else {
      const canonical = canonicalGeneratedPassword(password);
      if (canonical !== null) {
        for (const candidate of await this.source.listAppPasswords(user.id)) {
          const m = await this.matches(username, canonical, candidate.passwordHash);
          if (m) {
            via = 'app-password';
            app = candidate;
            cached = m === 'cached';
            break;
          }
        }
      }
    }
    if (via === null) return fail;

    const refuse = (reason: AuthFailureReason): CheckOutcome => ({
      result: { ok: false, reason },
      throttle: 'neutral',
      cached,
    });
    const settings = user.settings ?? {};
    if (settings.disabled === true) return refuse('disabled');
    if (!accountAllows(settings, protocol)) return refuse('protocol-disabled');
    if (app && !appPasswordAllows(app.protocols, protocol)) return refuse('protocol-disabled');

    if (app) await this.touch(app.id);
    else if (!cached) await this.maybeRehash(user, password);
    const result: AuthResult = app
      ? { ok: true, userId: user.id, address: user.address, via: 'app-password', appPasswordName: app.name }
      : { ok: true, userId: user.id, address: user.address, via: 'password' };
    return { result, throttle: 'success', cached };
  }

  /**
   * Best effort, and at most once a minute per app password: a phone logging in every
   * few seconds must not cost a database write each time, and a failed write must not
   * fail a login whose password was right.
   */
  private async touch(appPasswordId: number): Promise<void> {
    const now = this.now();
    const last = this.touched.peek(appPasswordId);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(appPasswordId, now);
    try {
      await this.source.touchAppPassword(appPasswordId);
    } catch {
      // The last-used date is informational.
    }
  }

  /** Best effort too: a failed upgrade leaves the old, still valid hash in place. */
  private async maybeRehash(user: CredentialUser, password: string): Promise<void> {
    if (!this.source.replacePasswordHash || !needsRehash(user.passwordHash)) return;
    try {
      const fresh = await hashPassword(password);
      await this.source.replacePasswordHash(user.id, user.passwordHash, fresh);
    } catch {
      // Tried again at the next login that misses the cache.
    }
  }

  /** Sizes of the throttle tables and the credential cache (for metrics and tests). */
  stats(): ReturnType<LoginThrottle['stats']> & { cachedCredentials: number } {
    return { ...this.throttle.stats(), cachedCredentials: this.cache.size };
  }
}

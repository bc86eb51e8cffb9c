// Password hashing with scrypt (node:crypto, runs on the libuv thread pool so it does not
// block the event loop and spreads over the cores).
//
// Stored form, PHC string format (https://github.com/P-H-C/phc-string-format):
//   $scrypt$ln=14,r=8,p=1$<salt, base64 without padding>$<hash, base64 without padding>
// ln is log2(N). With ln=14, r=8, p=1 one hash takes about 50 ms on the reference
// machine (measured: ln=14 52 ms, ln=15 103 ms, ln=16 219 ms) and 16 MiB of memory.
// `needsRehash` tells the caller when a stored hash uses weaker parameters than today's,
// so it can re-hash on the next successful login.
//
// Passwords are normalised to Unicode NFC before hashing (RFC 8265 §4.2 OpaqueString
// asks for NFC), so the same password typed on two keyboards matches.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = { ln: 14, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Refuse absurd inputs before spending a hash on them (a password is not a document). */
export const MAX_PASSWORD_BYTES = 1024;
/** Bounds on parameters read from a stored string, so a corrupt row cannot exhaust memory. */
const MAX_LN = 20;
const MAX_R = 32;
const MAX_P = 16;
/** scrypt needs 128 * N * r bytes; refuse stored parameters asking for more than this. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function scryptAsync(password: Buffer, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses to run when 128*N*r*p exceeds maxmem; give it twice what is needed.
  const maxmem = 2 * 128 * N * params.r * params.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { N, r: params.r, p: params.p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

function passwordBytes(password: string): Buffer {
  return Buffer.from(password.normalize('NFC'), 'utf8');
}

const B64_RE = /^[A-Za-z0-9+/]+$/;

/** Parses a PHC scrypt string; null when it is not one we understand. */
export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  // ['', 'scrypt', 'ln=..,r=..,p=..', salt, hash]
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== 'scrypt') return null;
  const params: Partial<ScryptParams> = {};
  for (const kv of (parts[2] ?? '').split(',')) {
    const m = /^(ln|r|p)=([1-9][0-9]{0,2})$/.exec(kv);
    if (!m) return null;
    const key = m[1] as keyof ScryptParams;
    if (params[key] !== undefined) return null;
    params[key] = Number(m[2]);
  }
  const { ln, r, p } = params;
  if (ln === undefined || r === undefined || p === undefined) return null;
  if (ln > MAX_LN || r > MAX_R || p > MAX_P || 128 * 2 ** ln * r > MAX_SCRYPT_MEMORY) return null;
  const saltB64 = parts[3] ?? '';
  const hashB64 = parts[4] ?? '';
  if (!B64_RE.test(saltB64) || !B64_RE.test(hashB64)) return null;
  const salt = Buffer.from(saltB64, 'base64');
  const hash = Buffer.from(hashB64, 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { params: { ln, r, p }, salt, hash };
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}

export async function hashPassword(
  password: string,
  params: Readonly<ScryptParams> = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const pw = passwordBytes(password);
  if (pw.length === 0) throw new Error('password is empty');
  if (pw.length > MAX_PASSWORD_BYTES) throw new Error(`password is longer than ${MAX_PASSWORD_BYTES} bytes`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(pw, salt, HASH_BYTES, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * True when `password` matches `stored`. A stored string we cannot parse, an empty or
 * oversized password all give false (never an exception), so a broken row cannot let
 * anyone in or crash a session. The comparison is constant-time.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const pw = passwordBytes(password);
  if (pw.length === 0 || pw.length > MAX_PASSWORD_BYTES) return false;
  const candidate = await scryptAsync(pw, parsed.salt, parsed.hash.length, parsed.params);
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/** True when `stored` should be replaced by a fresh hash made with `params`. */
export function needsRehash(stored: string, params: Readonly<ScryptParams> = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return true;
  const p = parsed.params;
  return (
    p.ln < params.ln ||
    p.r < params.r ||
    p.p < params.p ||
    parsed.salt.length < SALT_BYTES ||
    parsed.hash.length < HASH_BYTES
  );
}

/**
 * A hash that can never verify, in the same format and with the same cost as a real one.
 * The authenticator verifies against it when the user does not exist, so "no such user"
 * and "wrong password" take the same time.
 */
export function makeDummyHash(params: Readonly<ScryptParams> = DEFAULT_SCRYPT_PARAMS): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(randomBytes(SALT_BYTES))}$${b64(randomBytes(HASH_BYTES))}`;
}

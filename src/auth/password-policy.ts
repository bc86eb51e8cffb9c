// What passwords we accept for accounts, and how we make random ones.
// The rules are deliberately few (NIST SP 800-63B §5.1.1.2: length and a block list, no
// composition rules): at least 10 characters, not the address, not a well-known password,
// not one repeated character or a keyboard run, no control characters (they cannot be
// typed in every client, and IMAP LOGIN quoting breaks on some).

import { randomBytes } from 'node:crypto';
import { MAX_PASSWORD_BYTES } from './password.js';

export const MIN_PASSWORD_LENGTH = 10;

export type StrengthResult = { ok: true } | { ok: false; reason: string };

// A short list of the passwords that top every leak list (and variants of 10+ characters,
// the only ones that pass the length rule anyway). Compared case-insensitively.
const COMMON = new Set([
  '1234567890',
  '12345678910',
  '123456789012',
  '0123456789',
  '0987654321',
  '1111111111',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'asdfghjkl1',
  'asdfghjkl;',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'password!1',
  'passw0rd123',
  'p@ssw0rd123',
  'iloveyou12',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'welcome1234',
  'changeme123',
  'administrator',
  'admin12345',
  'admin123456',
  'football123',
  'baseball123',
  'sunshine123',
  'princess123',
  'monkey12345',
  'dragon12345',
  'superman123',
  'starwars123',
  'trustno1234',
  'abc1234567',
  'abcd123456',
  'abcdefghij',
  'abcdefg123',
  'a1b2c3d4e5',
  'mypassword',
  'mypassword1',
  'secret1234',
  'passwordpassword',
  'qwertyqwerty',
  'aaaaaaaaaa',
  'postmaster',
  'mailserver',
  'postroom123',
]);

// The digit row wraps ("7890123456" is as lazy as "0123456789").
const KEYBOARD_RUNS = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
];

// Generated passwords: 4 groups of 6 characters from an alphabet without look-alikes
// (no 0/o, 1/l/i). 31 symbols, about 4.95 bits each; 24 symbols, about 119 bits.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LEN = 6;
const GENERATED_RE = new RegExp(
  `^[${ALPHABET}]{${GROUP_LEN}}(?:-[${ALPHABET}]{${GROUP_LEN}}){${GROUPS - 1}}$`,
);

/** A random, readable password such as `k7pm3x-qh2va9-...` (4 groups of 6). */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let s = '';
    // Rejection sampling keeps every symbol equally likely (256 is not a multiple of 31).
    const limit = 256 - (256 % ALPHABET.length);
    while (s.length < GROUP_LEN) {
      for (const b of randomBytes(GROUP_LEN * 2)) {
        if (b < limit && s.length < GROUP_LEN) s += ALPHABET[b % ALPHABET.length];
      }
    }
    groups.push(s);
  }
  return groups.join('-');
}

/** True for strings shaped like `generatePassword()` output. */
export function isGeneratedPassword(password: string): boolean {
  return GENERATED_RE.test(password);
}

function isKeyboardRun(lower: string): boolean {
  for (const run of KEYBOARD_RUNS) {
    if (run.includes(lower) || [...run].reverse().join('').includes(lower)) return true;
  }
  return false;
}

/**
 * Checks a new password for an account. `address` (the login name) is refused as a
 * password, as is its local part. The reason is a sentence fit to show to a user.
 */
export function checkPasswordStrength(password: string, address?: string): StrengthResult {
  if (isGeneratedPassword(password)) return { ok: true };
  if (password.length === 0) return { ok: false, reason: 'password is empty' };
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES)
    return { ok: false, reason: `password is longer than ${MAX_PASSWORD_BYTES} bytes` };
  if (/[\u0000-\u001f\u007f]/.test(password))
    return { ok: false, reason: 'password contains control characters (such as tab or newline)' };
  if (password.trim() !== password) return { ok: false, reason: 'password starts or ends with a space' };
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return {
      ok: false,
      reason: `password is too short (${length} characters, at least ${MIN_PASSWORD_LENGTH} needed)`,
    };
  const lower = password.toLowerCase();
  if (address) {
    const addr = address.toLowerCase();
    const local = addr.split('@')[0] ?? addr;
    if (lower === addr || lower === local)
      return { ok: false, reason: 'password is the same as the address' };
  }
  if (new Set(lower).size === 1) return { ok: false, reason: 'password is one character repeated' };
  if (COMMON.has(lower)) return { ok: false, reason: 'password is on the list of commonly used passwords' };
  if (isKeyboardRun(lower)) return { ok: false, reason: 'password is a keyboard or alphabet sequence' };
  return { ok: true };
}

/**
 * The canonical form of something a user typed for a generated password: case, spaces and
 * dashes are forgiven (phones capitalise, people drop the dashes). Null when it cannot be one.
 */
export function canonicalGeneratedPassword(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]+/g, '');
  if (compact.length !== GROUPS * GROUP_LEN) return null;
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i++) groups.push(compact.slice(i * GROUP_LEN, (i + 1) * GROUP_LEN));
  const candidate = groups.join('-');
  return isGeneratedPassword(candidate) ? candidate : null;
}

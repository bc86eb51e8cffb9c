// Modified UTF-7 mailbox names (RFC 3501 §5.1.3, kept by RFC 9051 §5.1.3 for clients
// that have not enabled UTF8=ACCEPT): printable ASCII stands for itself except "&",
// written "&-"; other text is UTF-16BE in modified BASE64 (',' for '/') between "&" and "-".

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function encodeMutf7(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const c = name.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      out += c === 0x26 ? '&-' : name[i];
      i++;
      continue;
    }
    let j = i;
    while (j < name.length && !(name.charCodeAt(j) >= 0x20 && name.charCodeAt(j) <= 0x7e)) j++;
    out += '&' + base64Utf16(name.slice(i, j)) + '-';
    i = j;
  }
  return out;
}

function base64Utf16(s: string): string {
  const bytes = Buffer.alloc(s.length * 2);
  for (let i = 0; i < s.length; i++) bytes.writeUInt16BE(s.charCodeAt(i), i * 2);
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += B64[(acc >> bits) & 63];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B64[(acc << (6 - bits)) & 63];
  return out;
}

/** Strict decoding: null when `s` is not valid modified UTF-7 (RFC 3501 §5.1.3 forbids
 *  raw non-ASCII, unterminated shifts, non-zero padding bits, and encoded printable ASCII). */
export function decodeMutf7Strict(s: string): string | null {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return null;
    if (c !== 0x26) {
      out += s[i];
      i++;
      continue;
    }
    const end = s.indexOf('-', i + 1);
    if (end < 0) return null;
    if (end === i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    const decoded = decodeShift(s.slice(i + 1, end));
    if (decoded === null) return null;
    out += decoded;
    i = end + 1;
  }
  return out;
}

function decodeShift(b64: string): string | null {
  let acc = 0;
  let bits = 0;
  const units: number[] = [];
  let pendingByte = -1;
  for (let k = 0; k < b64.length; k++) {
    const code = b64.charCodeAt(k);
    const v = code < 128 ? B64_INDEX[code]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
      if (pendingByte < 0) pendingByte = byte;
      else {
        units.push((pendingByte << 8) | byte);
        pendingByte = -1;
      }
    }
  }
  if (pendingByte >= 0 || bits >= 6 || acc !== 0) return null;
  // Printable ASCII must not be encoded; surrogates must pair up.
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (u >= 0x20 && u <= 0x7e) return null;
    if (u >= 0xd800 && u <= 0xdbff) {
      const lo = units[k + 1];
      if (lo === undefined || lo < 0xdc00 || lo > 0xdfff) return null;
      k++;
    } else if (u >= 0xdc00 && u <= 0xdfff) return null;
  }
  return String.fromCharCode(...units);
}

/** Lenient decoding of a mailbox name from a client that has not enabled UTF8=ACCEPT:
 *  valid modified UTF-7 is decoded; anything else (e.g. raw UTF-8, which the reader has
 *  already decoded) is taken as it is. CLIENT-QUIRKS §3. */
export function decodeMutf7Lenient(s: string): string {
  return decodeMutf7Strict(s) ?? s;
}

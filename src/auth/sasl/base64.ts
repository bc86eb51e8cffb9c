// Strict base64 for SASL exchanges. RFC 4648 §4 alphabet with padding; anything else is
// refused instead of being silently skipped as Buffer.from(s, 'base64') would do.
// RFC 4954 §4 / RFC 4959 §3: a lone "=" stands for an empty response.

const STRICT_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes one client response line; null when it is not valid base64. */
export function decodeSaslBase64(text: string): Buffer | null {
  if (text === '=') return Buffer.alloc(0);
  if (text.length === 0 || !STRICT_B64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

export function encodeSaslBase64(data: Buffer | string): string {
  return Buffer.from(data).toString('base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of `bytes`, or null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

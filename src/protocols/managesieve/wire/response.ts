// RFC 5804 §4 responses: OK / NO / BYE with an optional (CODE) and a human string;
// strings go quoted when short and plain, as a literal otherwise.

export function quoted(s: string): string {
  if (s.length < 1024 && !/[\r\n"\\\u0000]/.test(s)) return `"${s}"`;
  return literal(s);
}

export function literal(s: string): string {
  return `{${Buffer.byteLength(s)}}\r\n${s}`;
}

export function status(kind: 'OK' | 'NO' | 'BYE', text?: string, code?: string): string {
  return `${kind}${code ? ` (${code})` : ''}${text !== undefined ? ` ${quoted(text)}` : ''}\r\n`;
}

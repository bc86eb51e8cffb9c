// RFC 5322 §3.3 date-time, always in UTC: "Sun, 22 Nov 2026 02:32:29 +0000".
export function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

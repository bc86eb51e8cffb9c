// Client address helpers shared by listeners, limits and the login throttle.

import { isIPv4, isIPv6 } from 'node:net';

/** Strips the IPv4-mapped prefix (`::ffff:192.0.2.1` -> `192.0.2.1`) and IPv6 zone ids. */
export function normalizeAddress(address: string): string {
  let a = address.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  return a;
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. Anything unparsable is not loopback. */
export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  const a = normalizeAddress(address);
  if (isIPv4(a)) return a.startsWith('127.');
  const g = expandIPv6(a);
  if (!g) return false;
  if (g.slice(0, 5).every((x) => x === 0)) {
    if (g[5] === 0 && g[6] === 0 && g[7] === 1) return true; // ::1
    if (g[5] === 0xffff && g[6]! >> 8 === 127) return true; // ::ffff:7f00:1 spelled in hex
  }
  return false;
}

/** The eight 16-bit groups of an IPv6 address, or null. Handles `::` and a trailing IPv4. */
export function expandIPv6(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let a = address;
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (v4?.[1]) {
    const o = v4[1].split('.').map(Number);
    a = `${a.slice(0, -v4[1].length)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head = '', tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? h.length !== 8 : missing < 1) return null;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The key under which limits and throttles count a client: the IPv4 address itself, or the
 * /64 prefix of an IPv6 address (one subscriber usually holds a whole /64, so counting
 * single IPv6 addresses would let one attacker rotate through 2^64 of them).
 */
export function clientKey(address: string | undefined | null): string {
  if (!address) return 'unknown';
  const a = normalizeAddress(address);
  if (isIPv4(a)) return a;
  const groups = expandIPv6(a);
  if (!groups) return a;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

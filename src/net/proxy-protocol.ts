// PROXY protocol header parser, versions 1 (text) and 2 (binary), as specified in HAProxy's
// proxy-protocol.txt. A load balancer in front of Postroom sends it first on each
// connection, so limits, throttling and logs see the real client address. It is accepted
// only from configured proxy addresses (listener.ts): from anyone else it would let a
// client choose its own address.
// Pure: bytes in, result out.

import { isIPv4, isIPv6 } from 'node:net';

export interface ProxyEndpoint {
  address: string;
  port: number;
}

export type ProxyParseResult =
  /** More bytes are needed. */
  | { type: 'incomplete' }
  | { type: 'error'; message: string }
  /**
   * A complete header of `consumed` bytes. `source` is null for v1 UNKNOWN, v2 LOCAL
   * (health checks) and address families we do not use (unix sockets): the connection is
   * then taken as coming from the proxy itself.
   */
  | { type: 'ok'; consumed: number; source: ProxyEndpoint | null; destination: ProxyEndpoint | null };

/** v1: "PROXY " ... CRLF, at most 107 bytes (proxy-protocol.txt §2.1). */
const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
const V1_MAX = 107;
/** v2: 12-byte signature (§2.2). */
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V2_HEADER = 16;
/** Largest v2 header we accept (addresses plus TLVs); the format allows 64 KiB. */
const V2_MAX = 16 + 2048;

function isPrefixOf(expected: Buffer, data: Buffer): boolean {
  const n = Math.min(expected.length, data.length);
  return data.subarray(0, n).equals(expected.subarray(0, n));
}

function port(text: string): number | null {
  if (!/^(0|[1-9][0-9]{0,4})$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

function parseV1(data: Buffer): ProxyParseResult {
  const end = data.indexOf('\r\n', 0, 'latin1');
  if (end < 0) {
    return data.length >= V1_MAX
      ? { type: 'error', message: 'PROXY v1 header longer than 107 bytes' }
      : { type: 'incomplete' };
  }
  if (end + 2 > V1_MAX) return { type: 'error', message: 'PROXY v1 header longer than 107 bytes' };
  const line = data.subarray(0, end).toString('latin1');
  const parts = line.split(' ');
  const consumed = end + 2;
  if (parts[1] === 'UNKNOWN') return { type: 'ok', consumed, source: null, destination: null };
  if (parts.length !== 6) return { type: 'error', message: 'malformed PROXY v1 header' };
  const [, family, src, dst, sport, dport] = parts as [string, string, string, string, string, string];
  const valid = family === 'TCP4' ? isIPv4 : family === 'TCP6' ? isIPv6 : null;
  if (!valid) return { type: 'error', message: `unsupported PROXY v1 family ${family}` };
  const sp = port(sport);
  const dp = port(dport);
  if (!valid(src) || !valid(dst) || sp === null || dp === null)
    return { type: 'error', message: 'malformed PROXY v1 addresses' };
  return {
    type: 'ok',
    consumed,
    source: { address: src, port: sp },
    destination: { address: dst, port: dp },
  };
}

function ipv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function parseV2(data: Buffer): ProxyParseResult {
  if (data.length < V2_HEADER) return { type: 'incomplete' };
  const verCmd = data[12]!;
  if (verCmd >> 4 !== 2) return { type: 'error', message: 'unsupported PROXY v2 version' };
  const command = verCmd & 0x0f;
  if (command > 1) return { type: 'error', message: 'unsupported PROXY v2 command' };
  const family = data[13]!;
  const length = data.readUInt16BE(14);
  const consumed = V2_HEADER + length;
  if (consumed > V2_MAX) return { type: 'error', message: 'PROXY v2 header too long' };
  if (data.length < consumed) return { type: 'incomplete' };
  const body = data.subarray(V2_HEADER, consumed);
  // LOCAL (command 0): the proxy's own connection, e.g. a health check.
  if (command === 0) return { type: 'ok', consumed, source: null, destination: null };
  if (family === 0x11) {
    // TCP over IPv4: src(4) dst(4) sport(2) dport(2)
    if (body.length < 12) return { type: 'error', message: 'PROXY v2 IPv4 block too short' };
    return {
      type: 'ok',
      consumed,
      source: { address: [...body.subarray(0, 4)].join('.'), port: body.readUInt16BE(8) },
      destination: { address: [...body.subarray(4, 8)].join('.'), port: body.readUInt16BE(10) },
    };
  }
  if (family === 0x21) {
    // TCP over IPv6: src(16) dst(16) sport(2) dport(2)
    if (body.length < 36) return { type: 'error', message: 'PROXY v2 IPv6 block too short' };
    return {
      type: 'ok',
      consumed,
      source: { address: ipv6(body.subarray(0, 16)), port: body.readUInt16BE(32) },
      destination: { address: ipv6(body.subarray(16, 32)), port: body.readUInt16BE(34) },
    };
  }
  // UNSPEC, UDP, unix sockets: keep the proxy's address.
  return { type: 'ok', consumed, source: null, destination: null };
}

/** Parses the PROXY header at the start of `data` (whatever has arrived so far). */
export function parseProxyHeader(data: Buffer): ProxyParseResult {
  if (data.length === 0) return { type: 'incomplete' };
  if (isPrefixOf(V2_SIGNATURE, data)) {
    return data.length < V2_SIGNATURE.length ? { type: 'incomplete' } : parseV2(data);
  }
  if (isPrefixOf(V1_PREFIX, data)) {
    return data.length < V1_PREFIX.length ? { type: 'incomplete' } : parseV1(data);
  }
  return { type: 'error', message: 'connection from the proxy did not start with a PROXY header' };
}

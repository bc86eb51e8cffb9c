// Where mail for a domain goes: its MX hosts (the default), a fixed host from a
// transport override (domain -> host:port; tests use it to reach a second server on
// loopback), or a smarthost relay for servers whose port 25 is blocked.

export interface HostPort {
  host: string;
  port: number;
}

export interface RelayConfig extends HostPort {
  /** Implicit TLS (port 465 style); otherwise STARTTLS is used when offered. */
  secure: boolean;
  /** Refuse to send credentials or mail unless STARTTLS succeeds. */
  requireTls: boolean;
  auth: { user: string; pass: string } | null;
}

export interface RouteConfig {
  /** Lower-case domain -> fixed destination. '*' matches every domain not listed. */
  transports: Map<string, HostPort>;
  relay: RelayConfig | null;
}

export type Route =
  | { kind: 'mx'; domain: string }
  | { kind: 'fixed'; host: string; port: number }
  | { kind: 'relay'; relay: RelayConfig };

/** Picks the route for a recipient domain: an override first, then the relay, then MX. */
export function routeFor(domain: string, config: RouteConfig): Route {
  const d = domain.toLowerCase();
  const fixed = config.transports.get(d) ?? config.transports.get('*');
  if (fixed) return { kind: 'fixed', host: fixed.host, port: fixed.port };
  if (config.relay) return { kind: 'relay', relay: config.relay };
  return { kind: 'mx', domain: d };
}

/**
 * Parses "host:port", "[v6addr]:port" or "host" (port `defaultPort`). Throws a plain
 * Error with a message fit for a user on bad input.
 */
export function parseHostPort(text: string, defaultPort = 25): HostPort {
  const t = text.trim();
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(t);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
  } else {
    const parts = t.split(':');
    if (parts.length > 2) throw new Error(`bad host:port '${text}' (write IPv6 addresses in brackets)`);
    host = parts[0]!;
    portText = parts[1];
  }
  if (!/^[A-Za-z0-9._:-]+$/.test(host)) throw new Error(`bad host in '${text}'`);
  const port = portText === undefined ? defaultPort : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port in '${text}'`);
  return { host, port };
}

/** Parses "example.test=127.0.0.1:2525,other.test=mx.other.test" into a transport map. */
export function parseTransports(spec: string): Map<string, HostPort> {
  const out = new Map<string, HostPort>();
  for (const item of spec.split(',')) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`bad transport '${item}' (expected domain=host:port)`);
    out.set(item.slice(0, eq).trim().toLowerCase(), parseHostPort(item.slice(eq + 1)));
  }
  return out;
}

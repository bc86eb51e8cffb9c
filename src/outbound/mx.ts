// MX resolution for outbound delivery (RFC 5321 §5.1, RFC 7505 null MX).
// The resolver is injected so tests never touch the network; node:dns/promises'
// Resolver satisfies MxResolver as it is.
import { OutboundError } from './types.js';

export interface MxRecord {
  exchange: string;
  priority: number;
}

export interface MxResolver {
  resolveMx(name: string): Promise<MxRecord[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

export interface MxHost {
  host: string;
  priority: number;
}

/** DNS error codes meaning "this name or record type does not exist" (a definite answer). */
const NO_SUCH = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

async function hasAddress(resolver: MxResolver, name: string): Promise<boolean> {
  const answers = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  let temporary: unknown = null;
  for (const a of answers) {
    if (a.status === 'fulfilled' && a.value.length > 0) return true;
    if (a.status === 'rejected' && !NO_SUCH.has(errorCode(a.reason))) temporary = a.reason;
  }
  if (temporary !== null) {
    throw new OutboundError(
      `DNS lookup for ${name} failed: ${errorCode(temporary) || temporary}`,
      false,
      '4.4.3',
    );
  }
  return false;
}

/**
 * The hosts to try for `domain`, best first. Equal priorities are shuffled with `random`
 * (RFC 5321 §5.1: "randomize them to spread the load"). Throws OutboundError: permanent
 * for a domain that does not exist or publishes a null MX, temporary for DNS failures.
 */
export async function resolveMxHosts(
  domain: string,
  resolver: MxResolver,
  random: () => number = Math.random,
): Promise<MxHost[]> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  let records: MxRecord[];
  try {
    records = await resolver.resolveMx(name);
  } catch (e) {
    if (!NO_SUCH.has(errorCode(e))) {
      throw new OutboundError(`MX lookup for ${name} failed: ${errorCode(e) || e}`, false, '4.4.3');
    }
    records = [];
  }
  // RFC 7505 §3: a single MX with an empty exchange ("." on the wire) means no mail.
  if (records.some((r) => r.exchange === '' || r.exchange === '.')) {
    throw new OutboundError(`${name} does not accept mail (null MX)`, true, '5.1.10');
  }
  if (records.length === 0) {
    // RFC 5321 §5.1: no MX records, so the domain itself is the implicit MX.
    if (await hasAddress(resolver, name)) return [{ host: name, priority: 0 }];
    throw new OutboundError(`${name} has no MX and no address records`, true, '5.1.2');
  }
  const keyed = records.map((r) => ({
    host: r.exchange.toLowerCase().replace(/\.$/, ''),
    priority: r.priority,
    tie: random(),
  }));
  keyed.sort((a, b) => a.priority - b.priority || a.tie - b.tie);
  const seen = new Set<string>();
  const out: MxHost[] = [];
  for (const k of keyed) {
    if (seen.has(k.host)) continue;
    seen.add(k.host);
    out.push({ host: k.host, priority: k.priority });
  }
  return out;
}
